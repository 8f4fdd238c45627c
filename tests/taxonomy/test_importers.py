"""Importers on the real ESCO and O*NET files, idempotence, and bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jobpilot.taxonomy import service
from jobpilot.taxonomy.importers.common import ImportFileError
from jobpilot.taxonomy.importers.esco import parse_esco
from jobpilot.taxonomy.importers.onet import parse_onet
from jobpilot.taxonomy.models import Concept, ConceptRelation
from tests.taxonomy.conftest import ESCO_CLASSIFICATION, ESCO_RELATIONS, ONET_DIR

PYTHON_URI = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


async def test_esco_counts_relations_and_links(imported_taxonomies, session):
    counts = imported_taxonomies["esco"]
    assert counts["concepts"] == 13_896 + 3_007 + 640
    assert counts["labels"] > 120_000
    assert counts["relations"] > 140_000
    stats = await service.stats(session)
    esco = stats["sources"]["esco"]
    assert esco["skills"] == 13_896
    assert esco["occupations"] == 3_007
    assert esco["relations_essential"] > 60_000
    assert esco["relations_optional"] > 50_000
    assert esco["relations_related"] > 5_000
    assert esco["relations_broader"] > 20_000
    python = await session.get(Concept, PYTHON_URI)
    assert python is not None
    assert python.label.startswith("Python")
    assert python.attributes["skill_type"]
    links = await session.scalar(
        select(func.count()).where(
            ConceptRelation.origin == "link", ConceptRelation.target_id == PYTHON_URI
        )
    )
    assert links == 1  # the built-in Python skill is linked to ESCO's


async def test_onet_counts_and_flags(imported_taxonomies, session):
    assert imported_taxonomies["onet"]["concepts"] == 1_016 + 8_745
    kubernetes = await session.get(Concept, "onet:tech:kubernetes")
    assert kubernetes is not None
    assert kubernetes.attributes["hot_technology"] is True
    nurses = await session.get(Concept, "onet:occupation:29-1141.00")
    assert nurses is not None
    assert nurses.label == "Registered Nurses"


async def test_reimport_changes_nothing(imported_taxonomies, session):
    parsed = parse_esco(ESCO_CLASSIFICATION, ESCO_RELATIONS)
    counts = await service.import_parsed(
        session, parsed, service.file_digest(ESCO_CLASSIFICATION, ESCO_RELATIONS)
    )
    assert counts["concepts_changed"] == 0
    assert counts["concepts_removed"] == 0
    assert counts["labels"] == imported_taxonomies["esco"]["labels"]
    assert counts["relations"] == imported_taxonomies["esco"]["relations"]
    onet = await service.import_parsed(session, parse_onet(ONET_DIR), service.file_digest(ONET_DIR))
    assert onet["concepts_changed"] == 0


def test_classification_alone_carries_the_skill_hierarchy():
    parsed = parse_esco(ESCO_CLASSIFICATION)
    assert "skillsHierarchy_en.csv" in parsed.files
    assert len(parsed.relations) > 1_000
    assert {relation for _, _, relation in parsed.relations} == {"broader"}
    groups = {c[0] for c in parsed.concepts if c[1] == "skill_group"}
    assert all(
        narrower in groups and broader in groups for narrower, broader, _ in parsed.relations[:50]
    )


def _zip(tmp_path: Path, name: str, members: dict[str, str]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return path


def test_bad_esco_files_are_refused_before_anything_is_written(tmp_path):
    not_zip = tmp_path / "skills.zip"
    not_zip.write_text("hello")
    with pytest.raises(ImportFileError, match="not a readable zip"):
        parse_esco(not_zip)
    wrong = _zip(tmp_path, "wrong.zip", {"readme.txt": "nothing here"})
    with pytest.raises(ImportFileError, match="does not look like an ESCO classification"):
        parse_esco(wrong)
    missing = _zip(
        tmp_path,
        "missing.zip",
        {
            "skills_en.csv": "conceptUri,preferredLabel\nx,y\n",
            "occupations_en.csv": "conceptUri,preferredLabel\n",
        },
    )
    with pytest.raises(ImportFileError, match="missing columns"):
        parse_esco(missing)
    with pytest.raises(ImportFileError, match="relations archive"):
        parse_esco(ESCO_CLASSIFICATION, wrong)


def test_bad_onet_directory(tmp_path):
    with pytest.raises(ImportFileError, match=r"has no 'Occupation Data\.txt'"):
        parse_onet(tmp_path)
    (tmp_path / "Occupation Data.txt").write_text("Code\tName\n1\tx\n")
    with pytest.raises(ImportFileError, match="missing columns"):
        parse_onet(tmp_path)
    with pytest.raises(ImportFileError, match="not a directory"):
        parse_onet(tmp_path / "Occupation Data.txt")


def test_a_failed_import_leaves_the_database_unchanged(tmp_path):
    # Parsing reads every file completely before a single row is written, so a broken
    # relations archive aborts the import with nothing stored.
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr(
            "occupationSkillRelations.csv", "occupationUri,relationType\nx,essential\n"
        )
    path = tmp_path / "relations.zip"
    path.write_bytes(broken.getvalue())
    with pytest.raises(ImportFileError, match="missing columns skillUri"):
        parse_esco(ESCO_CLASSIFICATION, path)


class StoringHashingEmbedder:
    """The hashing embedder, flagged as slow: the index must store its vectors and reuse them."""

    persist_vectors = True

    def __init__(self) -> None:
        from jobpilot.core.embedding.hashing import HashingEmbedder

        self._inner = HashingEmbedder()
        self.name = "test-stored-hashing"
        self.dimension = self._inner.dimension
        self.calls = 0

    def embed(self, texts):
        self.calls += len(texts)
        return self._inner.embed(texts)


async def test_slow_embedders_store_vectors_and_reuse_them(imported_taxonomies, session):
    import numpy as np

    from jobpilot.core.embedding.hashing import HashingEmbedder

    embedder = StoringHashingEmbedder()
    first = await service.build_index(session, embedder)
    computed = embedder.calls
    assert computed > 50_000  # every skill text and title, once
    second = await service.build_index(session, embedder)
    assert embedder.calls == computed  # all read back from pgvector
    assert np.allclose(first.skill_vectors, second.skill_vectors)
    assert np.allclose(second.skill_vectors, HashingEmbedder().embed(second.skill_texts), atol=1e-6)
    ranked = second.rank_skills("Write Python code", source="esco", top=3)
    assert ranked
