"""Ranking experiments through REST: admin lifecycle, assignment in the feed, exposures, results."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service as jobs
from jobpilot.jobs.models import Job
from jobpilot.matching import repository
from jobpilot.matching.assignment import Variant, assign_variant
from jobpilot.matching.models import Experiment, ExperimentExposure, MatchFeedback
from tests.factories import SignedIn, make_user, sign_in
from tests.matching.test_feed import CATALOGUE, PREFERENCES, candidate, feed
from tests.support.taxonomy_index import attach_index

URL = "/api/v1/experiments"
# Everything but recency weighted zero: a feed ordered by posting age alone.
RECENCY_ONLY = {
    "skills": 0.0,
    "location": 0.0,
    "experience": 0.0,
    "salary": 0.0,
    "culture": 0.0,
    "growth": 0.0,
    "recency": 1.0,
}


@pytest.fixture
async def catalogue(runtime: Runtime, engine: AsyncEngine) -> Runtime:
    await attach_index(runtime, engine)
    await jobs.ingest_postings(runtime, CATALOGUE)
    return runtime


async def admin(client: httpx.AsyncClient, session: AsyncSession) -> SignedIn:
    return await sign_in(client, await make_user(session, is_admin=True))


def body(name: str, *variants: dict[str, Any], outcome: str = "apply") -> dict[str, Any]:
    return {
        "name": name,
        "description": "weights trial",
        "variants": list(variants),
        "outcome": outcome,
    }


def arm(name: str, traffic: float, weights: dict[str, float] | None = None) -> dict[str, Any]:
    return {"name": name, "traffic": traffic, "weights": weights}


async def create(client: httpx.AsyncClient, who: SignedIn, payload: dict[str, Any]) -> Any:
    response = await client.post(URL, headers=who.headers, json=payload)
    assert response.status_code == 201, response.text
    return response.json()


async def transition(client: httpx.AsyncClient, who: SignedIn, experiment_id: str, to: str) -> int:
    response = await client.post(f"{URL}/{experiment_id}/{to}", headers=who.headers)
    return response.status_code


async def stored(session: AsyncSession, experiment_id: str) -> Experiment:
    experiment = await repository.get_experiment(session, uuid.UUID(experiment_id))
    assert experiment is not None
    return experiment


async def exposures(session: AsyncSession, experiment_id: str) -> list[ExperimentExposure]:
    rows = await session.scalars(
        select(ExperimentExposure)
        .where(ExperimentExposure.experiment_id == uuid.UUID(experiment_id))
        .execution_options(populate_existing=True)
    )
    return list(rows)


def scores(page: Any) -> dict[str, float]:
    return {item["job"]["id"]: item["score"] for item in page["items"]}


async def test_admins_create_list_and_read_experiments(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    boss = await admin(client, session)
    created = await create(
        client,
        boss,
        body("skills-heavy", arm("control", 1), arm("skills", 1, {"skills": 0.6}), outcome="save"),
    )
    assert created["status"] == "draft"
    assert created["outcome"] == "save"
    assert [v["name"] for v in created["variants"]] == ["control", "skills"]
    assert created["variants"][0]["weights"] is None
    assert created["variants"][1]["weights"] == {"skills": 0.6}

    listed = await client.get(URL, headers=boss.headers)
    assert listed.status_code == 200
    assert created["id"] in [e["id"] for e in listed.json()]
    one = await client.get(f"{URL}/{created['id']}", headers=boss.headers)
    assert one.status_code == 200
    assert one.json() == created

    default_outcome = await create(client, boss, body("defaults", arm("a", 1), arm("b", 1)))
    assert default_outcome["outcome"] == "apply"

    duplicate = await client.post(
        URL, headers=boss.headers, json=body("skills-heavy", arm("a", 1), arm("b", 1))
    )
    assert duplicate.status_code == 409
    assert "already exists" in duplicate.json()["detail"]
    missing = await client.get(f"{URL}/{uuid.uuid4()}", headers=boss.headers)
    assert missing.status_code == 404
    assert (
        await client.get(f"{URL}/{uuid.uuid4()}/results", headers=boss.headers)
    ).status_code == 404


@pytest.mark.parametrize(
    ("variants", "outcome", "message"),
    [
        ([arm("only", 1)], "apply", "at least 2"),
        ([arm("same", 1), arm("same", 1)], "apply", "unique"),
        ([arm("a", 0), arm("b", 0)], "apply", "positive weight"),
        ([arm("a", -1), arm("b", 1)], "apply", "greater than or equal to 0"),
        (
            [arm("a", 1), arm("b", 1, {"charisma": 0.5})],
            "apply",
            "unknown factor weights: charisma",
        ),
        ([arm("a", 1), arm("b", 1, {"skills": -0.1})], "apply", "non-negative"),
        ([arm("a", 1), arm("b", 1, dict.fromkeys(RECENCY_ONLY, 0.0))], "apply", "above zero"),
        ([arm("a", 1), arm(" ", 1)], "apply", "blank"),
        ([arm("a", 1), arm("b", 1)], "view", "outcome"),
    ],
)
async def test_bad_experiments_are_refused_with_a_reason(
    client: httpx.AsyncClient,
    session: AsyncSession,
    variants: list[dict[str, Any]],
    outcome: str,
    message: str,
) -> None:
    boss = await admin(client, session)
    response = await client.post(
        URL, headers=boss.headers, json=body("bad", *variants, outcome=outcome)
    )
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]


async def test_only_admins_may_manage_experiments(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    boss = await admin(client, session)
    created = await create(client, boss, body("guarded", arm("a", 1), arm("b", 1)))
    seeker = await sign_in(client, await make_user(session))
    payload = body("mine", arm("a", 1), arm("b", 1))
    assert (await client.post(URL, json=payload)).status_code == 401
    assert (await client.post(URL, headers=seeker.headers, json=payload)).status_code == 403
    assert (await client.get(URL, headers=seeker.headers)).status_code == 403
    for path in ("", "/results"):
        response = await client.get(f"{URL}/{created['id']}{path}", headers=seeker.headers)
        assert response.status_code == 403
    assert await transition(client, seeker, created["id"], "start") == 403
    assert await transition(client, seeker, created["id"], "stop") == 403


async def test_start_and_stop_with_one_experiment_running_at_a_time(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    boss = await admin(client, session)
    first = await create(client, boss, body("first", arm("a", 1), arm("b", 1)))
    second = await create(client, boss, body("second", arm("a", 1), arm("b", 1)))

    assert await transition(client, boss, first["id"], "stop") == 409
    started = await client.post(f"{URL}/{first['id']}/start", headers=boss.headers)
    assert started.status_code == 200
    assert started.json()["status"] == "running"
    assert started.json()["started_at"] is not None
    assert await transition(client, boss, first["id"], "start") == 409
    refused = await client.post(f"{URL}/{second['id']}/start", headers=boss.headers)
    assert refused.status_code == 409
    assert "'first' is already running" in refused.json()["detail"]

    stopped = await client.post(f"{URL}/{first['id']}/stop", headers=boss.headers)
    assert stopped.status_code == 200
    assert stopped.json()["status"] == "stopped"
    assert stopped.json()["stopped_at"] is not None
    assert await transition(client, boss, first["id"], "start") == 409
    assert await transition(client, boss, first["id"], "stop") == 409
    assert await transition(client, boss, second["id"], "start") == 200
    assert await transition(client, boss, str(uuid.uuid4()), "start") == 404
    assert await transition(client, boss, str(uuid.uuid4()), "stop") == 404


async def test_each_user_gets_their_assigned_variant_and_one_exposure_row(
    catalogue: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    boss = await admin(client, session)
    created = await create(
        client, boss, body("split", arm("control", 1), arm("recent", 1, RECENCY_ONLY))
    )
    assert await transition(client, boss, created["id"], "start") == 200
    experiment = await stored(session, created["id"])
    split = [Variant("control", 1.0), Variant("recent", 1.0)]

    people = [await candidate(client, session, preferences=PREFERENCES) for _ in range(3)]
    for person in people:
        expected = assign_variant(person.user.id, salt=experiment.salt, variants=split)
        first = await feed(client, person, limit=5)
        again = await feed(client, person, limit=5)
        assert first["variant"] == again["variant"] == expected
        assert scores(first) == scores(again)

    rows = {row.user_id: row for row in await exposures(session, created["id"])}
    assert set(rows) == {p.user.id for p in people}
    for person in people:
        row = rows[person.user.id]
        assert row.served == 2
        assert row.variant == assign_variant(person.user.id, salt=experiment.salt, variants=split)
        assert row.last_at >= row.first_at

    # Feedback sent while the experiment runs carries it and the sender's variant.
    mover = people[0]
    job_id = next(iter(scores(await feed(client, mover, limit=1))))
    response = await client.post(
        f"/api/v1/me/matches/{job_id}/feedback", headers=mover.headers, json={"action": "save"}
    )
    assert response.status_code == 204
    signal = await session.scalar(
        select(MatchFeedback).where(MatchFeedback.user_id == mover.user.id)
    )
    assert signal is not None
    assert signal.experiment_id == experiment.id
    assert signal.variant == rows[mover.user.id].variant


async def test_the_recency_variant_ranks_with_its_own_weights(
    catalogue: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    boss = await admin(client, session)
    me = await candidate(client, session, preferences=PREFERENCES)
    baseline = await feed(client, me, limit=50)
    assert baseline["variant"] is None
    # All traffic on the treatment: the control's zero share gets nobody.
    created = await create(
        client, boss, body("all-recent", arm("control", 0), arm("recent", 1, RECENCY_ONLY))
    )
    assert await transition(client, boss, created["id"], "start") == 200
    treated = await feed(client, me, limit=50)
    assert treated["variant"] == "recent"
    # Every posting is two days old: 100 · 0.5^(2/14) = 90.6 for each job.
    assert set(scores(treated).values()) == {90.6}
    assert scores(baseline) != scores(treated)


async def test_a_stopped_experiment_serves_the_control_and_logs_nothing(
    catalogue: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    boss = await admin(client, session)
    me = await candidate(client, session, preferences=PREFERENCES)
    baseline = await feed(client, me, limit=50)
    created = await create(
        client, boss, body("ends", arm("control", 0), arm("recent", 1, RECENCY_ONLY))
    )
    assert await transition(client, boss, created["id"], "start") == 200
    assert (await feed(client, me, limit=50))["variant"] == "recent"
    assert await transition(client, boss, created["id"], "stop") == 200

    after = await feed(client, me, limit=50)
    assert after["variant"] is None
    assert scores(after) == scores(baseline)
    rows = await exposures(session, created["id"])
    assert [(row.variant, row.served) for row in rows] == [("recent", 1)]

    job_id = next(iter(scores(after)))
    response = await client.post(
        f"/api/v1/me/matches/{job_id}/feedback", headers=me.headers, json={"action": "apply"}
    )
    assert response.status_code == 204
    signal = await session.scalar(select(MatchFeedback).where(MatchFeedback.user_id == me.user.id))
    assert signal is not None
    assert signal.experiment_id is None
    assert signal.variant is None


async def test_results_match_hand_computed_statistics(
    catalogue: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    boss = await admin(client, session)
    created = await create(
        client,
        boss,
        body("seeded", arm("control", 1), arm("fast", 1, {"recency": 0.3}), arm("idle", 0)),
    )
    experiment_id = uuid.UUID(created["id"])
    job_id = await session.scalar(select(Job.id).limit(1))
    assert job_id is not None
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    control = [await make_user(session) for _ in range(4)]
    fast = [await make_user(session) for _ in range(4)]
    for variant, users in (("control", control), ("fast", fast)):
        for user in users:
            await repository.upsert_exposure(
                session, experiment_id=experiment_id, user_id=user.id, variant=variant, at=start
            )

    def signal(user_id: uuid.UUID, action: str, hours: int, tagged: bool = True) -> None:
        session.add(
            MatchFeedback(
                user_id=user_id,
                job_id=job_id,
                action=action,
                experiment_id=experiment_id if tagged else None,
                variant=None,
                at=start + timedelta(hours=hours),
            )
        )

    # Control: users 0 and 1 convert (user 1 exactly at exposure time); user 2 applied
    # before their exposure; user 3 only saved, which is not this experiment's outcome.
    signal(control[0].id, "apply", 3)
    signal(control[1].id, "apply", 0)
    signal(control[2].id, "apply", -1)
    signal(control[3].id, "save", 2)
    # Fast: users 0, 1, 2 convert (user 0 twice, counted once); user 3's apply is untagged.
    signal(fast[0].id, "apply", 1)
    signal(fast[0].id, "apply", 5)
    signal(fast[1].id, "apply", 2)
    signal(fast[2].id, "apply", 4)
    signal(fast[3].id, "apply", 1, tagged=False)
    await session.commit()

    response = await client.get(f"{URL}/{created['id']}/results", headers=boss.headers)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["experiment"]["name"] == "seeded"
    by_name = {v["name"]: v for v in result["variants"]}
    assert [v["name"] for v in result["variants"]] == ["control", "fast", "idle"]

    # Wilson with z = 1.959964, z² = 3.841459, n = 4: shrink = 1 + z²/n = 1.960365 and
    # z²/4n² = 0.060023.
    # Control 2/4, p̂ = 0.5: centre = (0.5 + 3.841459/8)/1.960365 = 0.5;
    # half = (1.959964/1.960365)·√(0.25/4 + 0.060023) = 0.999795·0.350033 = 0.349961
    # → (0.150039, 0.849961).
    ctrl = by_name["control"]
    assert (ctrl["exposures"], ctrl["conversions"]) == (4, 2)
    assert ctrl["is_control"] is True
    assert ctrl["rate"] == 0.5
    assert ctrl["interval"] == pytest.approx([0.150039, 0.849961], abs=1e-6)
    assert ctrl["versus_control"] is None

    # Fast 3/4, p̂ = 0.75: centre = (0.75 + 0.480182)/1.960365 = 0.627527;
    # half = 0.999795·√(0.1875/4 + 0.060023) = 0.999795·0.326953 = 0.326886
    # → (0.300642, 0.954413) before rounding the steps.
    treated = by_name["fast"]
    assert (treated["exposures"], treated["conversions"]) == (4, 3)
    assert treated["is_control"] is False
    assert treated["rate"] == 0.75
    assert treated["interval"] == pytest.approx([0.300642, 0.954413], abs=2e-6)
    # Pooled p = 5/8 = 0.625; SE = √(0.625·0.375·(1/4 + 1/4)) = √0.1171875 = 0.342327;
    # z = 0.25/0.342327 = 0.730297; Φ(0.730297) = 0.767396, so p = 2·(1 - 0.767396) = 0.465209.
    # Difference 0.25 ± 1.959964·√(0.25/4 + 0.1875/4) = 0.25 ± 1.959964·0.330719
    # = 0.25 ± 0.648197 → (-0.398197, 0.898197).
    versus = treated["versus_control"]
    assert versus["z"] == pytest.approx(0.730297, abs=1e-6)
    assert versus["p_value"] == pytest.approx(0.465209, abs=1e-6)
    assert versus["significant"] is False
    assert versus["difference"] == pytest.approx(0.25)
    assert versus["difference_interval"] == pytest.approx([-0.398197, 0.898197], abs=1e-6)

    idle = by_name["idle"]
    assert (idle["exposures"], idle["conversions"]) == (0, 0)
    assert idle["rate"] is None
    assert idle["interval"] is None
    assert idle["versus_control"] is None
