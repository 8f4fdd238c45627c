"""Resumes generated at test time, with the truth a parser should find in each.

The public face of :mod:`tests.support.resume_people` (the people, their resumes as written
and the truth) and :mod:`tests.support.resume_render` (the layouts, the samples and the bad
files): tests import from here.
"""

from __future__ import annotations

from tests.support.resume_people import (
    PEOPLE,
    Block,
    BlockKind,
    Expect,
    Item,
    Person,
    Reading,
    blocks_of,
    json_truth_of,
    main_blocks,
    sidebar_blocks,
    truth_of,
)
from tests.support.resume_render import (
    BAD_FILES,
    LAYOUT_FILES,
    LAYOUTS,
    PDF_PASSWORD,
    RENDERERS,
    SAMPLES,
    BadFile,
    FileType,
    Sample,
    encrypted_pdf,
    expected_reading,
    json_resume,
    lying_zip_bomb_docx,
    zip_bomb_docx,
)

__all__ = [
    "BAD_FILES",
    "LAYOUTS",
    "LAYOUT_FILES",
    "PDF_PASSWORD",
    "PEOPLE",
    "RENDERERS",
    "SAMPLES",
    "BadFile",
    "Block",
    "BlockKind",
    "Expect",
    "FileType",
    "Item",
    "Person",
    "Reading",
    "Sample",
    "blocks_of",
    "encrypted_pdf",
    "expected_reading",
    "json_resume",
    "json_truth_of",
    "lying_zip_bomb_docx",
    "main_blocks",
    "sidebar_blocks",
    "truth_of",
    "zip_bomb_docx",
]
