"""A feed's own validator store and the client view that uses it, against a server on
127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jobpilot.core.http import (
    HttpStatusError,
    RequestPolicy,
    Validators,
    create_http_client,
)
from jobpilot.core.http_validators import FeedValidatorStore, saved_validators
from jobpilot.core.settings import HttpSettings, Settings
from tests.support.fixture_server import FixtureServer, Reply, Request, fixture_server

ETAG = '"board-7"'
LAST_MODIFIED = "Wed, 02 Apr 2025 08:30:00 GMT"


def make_settings(tmp_path: Path) -> Settings:
    http = HttpSettings(
        allow_private_networks=True,
        backoff_initial_seconds=0.01,
        backoff_max_seconds=0.02,
        max_retries=0,
        domain_rate_limit="1000/second",
    )
    return Settings(env="test", data_dir=tmp_path, http=http)


def board(request: Request) -> Reply:
    if request.headers.get("if-none-match") == ETAG:
        return Reply(304)
    return Reply(200, "[]", headers={"ETag": ETAG, "Last-Modified": LAST_MODIFIED})


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with fixture_server() as running:
        running.route("/board", board)
        yield running


def test_saved_validators_keep_only_well_formed_entries() -> None:
    saved = {
        "https://a.test/board": {"etag": ETAG, "last_modified": LAST_MODIFIED, "x": "y"},
        "https://b.test/board": {"etag": "", "last_modified": 1700000000},
        "https://c.test/board": "not an object",
        "https://d.test/board": {"last_modified": LAST_MODIFIED},
    }

    assert saved_validators(saved) == {
        "https://a.test/board": {"etag": ETAG, "last_modified": LAST_MODIFIED},
        "https://d.test/board": {"last_modified": LAST_MODIFIED},
    }
    assert saved_validators(["https://a.test/board"]) == {}
    assert saved_validators(None) == {}


def test_a_feed_store_exports_only_the_urls_its_run_asked_about() -> None:
    store = FeedValidatorStore(
        {"https://a.test/board": {"etag": ETAG}, "https://old.test/board": {"etag": '"x"'}}
    )

    assert store.get("https://a.test/board") == Validators(etag=ETAG)
    store.put("https://b.test/board", Validators(last_modified=LAST_MODIFIED))

    assert store.export() == {
        "https://a.test/board": {"etag": ETAG},
        "https://b.test/board": {"last_modified": LAST_MODIFIED},
    }


async def test_a_view_reads_and_keeps_validators_in_the_feeds_store_only(
    server: FixtureServer, tmp_path: Path
) -> None:
    url = f"{server.url}/board"
    conditional = RequestPolicy(circuit="view-test", conditional=True)
    async with create_http_client(make_settings(tmp_path)) as client:
        first_run = FeedValidatorStore()
        await client.with_validators(first_run).get(url, policy=conditional)
        saved = first_run.export()

        second_run = FeedValidatorStore(saved)
        answer = await client.with_validators(second_run).get(url, policy=conditional)

    assert saved == {url: {"etag": ETAG, "last_modified": LAST_MODIFIED}}
    assert answer.not_modified
    sent = [request.headers.get("if-none-match") for request in server.requests]
    assert sent == [None, ETAG]
    assert client.validators.get(url) is None


async def test_a_view_shares_the_clients_circuit_breakers(
    server: FixtureServer, tmp_path: Path
) -> None:
    server.route("/down", Reply(500))
    failing = RequestPolicy(circuit="shared-breaker-test")
    async with create_http_client(make_settings(tmp_path)) as client:
        view = client.with_validators(FeedValidatorStore())
        for _ in range(5):
            with pytest.raises(HttpStatusError):
                await view.get(f"{server.url}/down", policy=failing)

        assert client.circuit_state("shared-breaker-test") == "open"
