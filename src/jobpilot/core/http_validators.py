"""Validators (ETag, Last-Modified) for conditional requests, and where they are kept.

The client's own :class:`InMemoryValidatorStore` lives as long as the process. A feed keeps
its validators with the feed instead (:class:`FeedValidatorStore`): loaded when a run starts,
saved by the caller only once the run has succeeded, so a run that failed half-way never
leaves validators that would make the next run skip content it did not ingest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies the version it sent (for conditional requests)."""

    etag: str | None = None
    last_modified: str | None = None


class ValidatorStore(Protocol):
    """ETag / Last-Modified per requested URL (with its query)."""

    def get(self, key: str) -> Validators | None: ...
    def put(self, key: str, validators: Validators) -> None: ...
    def forget(self, key: str) -> None: ...


class InMemoryValidatorStore:
    """Validators in a dict; :meth:`export` / :meth:`load` let a feed keep them between runs."""

    def __init__(self) -> None:
        self._entries: dict[str, Validators] = {}

    def get(self, key: str) -> Validators | None:
        return self._entries.get(key)

    def put(self, key: str, validators: Validators) -> None:
        self._entries[key] = validators

    def forget(self, key: str) -> None:
        self._entries.pop(key, None)

    def export(self) -> dict[str, dict[str, str]]:
        exported: dict[str, dict[str, str]] = {}
        for key, validators in self._entries.items():
            entry = {}
            if validators.etag is not None:
                entry["etag"] = validators.etag
            if validators.last_modified is not None:
                entry["last_modified"] = validators.last_modified
            exported[key] = entry
        return exported

    def load(self, data: Mapping[str, Mapping[str, str]]) -> None:
        for key, entry in data.items():
            self._entries[key] = Validators(
                etag=entry.get("etag"), last_modified=entry.get("last_modified")
            )


class FeedValidatorStore(InMemoryValidatorStore):
    """One feed run's validators, seeded from what the feed saved after its last success.

    :meth:`export` returns only the URLs this run asked about, so validators for URLs the
    feed no longer requests (its board or base URL changed) are not carried forward.
    """

    def __init__(self, saved: object = None) -> None:
        super().__init__()
        self._requested: set[str] = set()
        self.load(saved_validators(saved))

    def get(self, key: str) -> Validators | None:
        self._requested.add(key)
        return super().get(key)

    def put(self, key: str, validators: Validators) -> None:
        self._requested.add(key)
        super().put(key, validators)

    def forget(self, key: str) -> None:
        self._requested.add(key)
        super().forget(key)

    def export(self) -> dict[str, dict[str, str]]:
        return {key: entry for key, entry in super().export().items() if key in self._requested}


def saved_validators(value: object) -> dict[str, dict[str, str]]:
    """The well-formed entries of exported validators read back from storage (JSON):
    ``{url: {"etag": …, "last_modified": …}}``; anything else is ignored."""
    if not isinstance(value, Mapping):
        return {}
    entries: dict[str, dict[str, str]] = {}
    for key, entry in value.items():
        if not isinstance(key, str) or not isinstance(entry, Mapping):
            continue
        kept = {
            name: text
            for name in ("etag", "last_modified")
            if isinstance(text := entry.get(name), str) and text
        }
        if kept:
            entries[key] = kept
    return entries


def conditional_headers(
    validators: Validators | None, headers: Mapping[str, str]
) -> dict[str, str]:
    """If-None-Match / If-Modified-Since to add to ``headers`` (never overriding theirs)."""
    if validators is None:
        return {}
    present = {name.lower() for name in headers}
    extra = {}
    if validators.etag and "if-none-match" not in present:
        extra["If-None-Match"] = validators.etag
    if validators.last_modified and "if-modified-since" not in present:
        extra["If-Modified-Since"] = validators.last_modified
    return extra


def remember_validators(
    store: ValidatorStore, key: str, headers: Mapping[str, str], *, not_modified: bool
) -> None:
    """Keep the validators of a response to ``key``; forget stale ones."""
    etag = _header(headers, "etag")
    last_modified = _header(headers, "last-modified")
    if not_modified:
        known = store.get(key) or Validators()
        if etag or last_modified:
            store.put(
                key,
                Validators(
                    etag=etag or known.etag, last_modified=last_modified or known.last_modified
                ),
            )
    elif etag or last_modified:
        store.put(key, Validators(etag=etag, last_modified=last_modified))
    else:
        store.forget(key)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return next((value for key, value in headers.items() if key.lower() == name), None)
