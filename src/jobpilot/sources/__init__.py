"""Job sources: one module per provider, each exposing ``SOURCE`` (a :class:`Source` class)."""

from __future__ import annotations

import importlib

from jobpilot.sources.base import Source

# kind → module. Modules are imported on first use so a deployment pays only for what it runs.
SOURCE_MODULES: dict[str, str] = {
    "greenhouse": "jobpilot.sources.greenhouse",
    "lever": "jobpilot.sources.lever",
    "ashby": "jobpilot.sources.ashby",
    "smartrecruiters": "jobpilot.sources.smartrecruiters",
    "workable": "jobpilot.sources.workable",
    "careers": "jobpilot.sources.careers",
    "rss": "jobpilot.sources.rss",
    "file": "jobpilot.sources.files",
    "linkedin": "jobpilot.sources.linkedin",
    "manual": "jobpilot.sources.manual",
}


class UnknownSourceError(LookupError):
    pass


def get_source(kind: str) -> Source:
    """An instance of the source called ``kind``."""
    module_name = SOURCE_MODULES.get(kind)
    if module_name is None:
        raise UnknownSourceError(f"unknown source {kind!r}; known: {', '.join(SOURCE_MODULES)}")
    module = importlib.import_module(module_name)
    source: Source = module.SOURCE()
    return source
