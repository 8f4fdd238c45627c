"""Ranking experiments: create, start and stop them, serve each user their variant's weights,
log exposures and compute per-variant results.

At most one experiment runs at a time. While it runs, each user sees the variant that
``assign_variant`` gives them; otherwise everyone gets the control of the experiment stopped
last (the default weights when there is none), and nothing is logged.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit import service as audit
from jobpilot.core.errors import Conflict, InvalidInput, NotFound
from jobpilot.matching import repository
from jobpilot.matching.assignment import Variant, assign_variant, new_salt, validate_variants
from jobpilot.matching.models import Experiment
from jobpilot.matching.scoring import Weights
from jobpilot.matching.statistics import VariantOutcome, VariantResult, compare_to_control

Outcome = Literal["save", "apply"]


@dataclass(frozen=True, slots=True)
class VariantSpec:
    """One arm as an experiment stores it: its traffic weight and its factor-weight overrides
    (``None``: the default weights)."""

    name: str
    traffic: float
    weights: Mapping[str, float] | None = None

    def ranking_weights(self, base: Mapping[str, float] | None = None) -> Weights:
        """The weights this arm ranks with: ``base`` (deployment and user overrides) with the
        arm's own overrides on top."""
        return Weights.from_mapping({**(base or {}), **(self.weights or {})})


@dataclass(frozen=True, slots=True)
class ServingArm:
    """What a user's feed is ranked with now; the experiment and variant only while one runs."""

    weights: Weights
    experiment_id: uuid.UUID | None = None
    variant: str | None = None


@dataclass(frozen=True, slots=True)
class ExperimentResults:
    """An experiment with its per-variant results, the control first."""

    experiment: Experiment
    variants: list[VariantResult]


def variants_of(experiment: Experiment) -> list[VariantSpec]:
    """The experiment's arms in their stored order (the control first)."""
    return [
        VariantSpec(
            name=str(stored["name"]),
            traffic=float(stored["traffic"]),
            weights=(
                None
                if stored.get("weights") is None
                else {str(k): float(v) for k, v in stored["weights"].items()}
            ),
        )
        for stored in experiment.variants
    ]


def check_variants(variants: Sequence[VariantSpec]) -> None:
    """Raise ``InvalidInput`` unless the arms can split traffic and each one's weights are a
    valid set of factor weights."""
    try:
        validate_variants([Variant(v.name, v.traffic) for v in variants])
    except ValueError as error:
        raise InvalidInput(str(error)) from error
    for variant in variants:
        if not variant.name.strip():
            raise InvalidInput("variant names must not be blank")
        try:
            variant.ranking_weights()
        except ValueError as error:
            raise InvalidInput(f"variant {variant.name!r}: {error}") from error


async def create_experiment(
    session: AsyncSession,
    *,
    name: str,
    description: str | None,
    variants: Sequence[VariantSpec],
    outcome: Outcome,
    actor: audit.Actor,
) -> Experiment:
    """A new draft experiment with a fresh salt; 409 when the name is taken."""
    check_variants(variants)
    experiment = Experiment(
        name=name,
        description=description,
        status="draft",
        salt=new_salt(),
        variants=[
            {
                "name": v.name,
                "traffic": v.traffic,
                "weights": None if v.weights is None else dict(v.weights),
                "algorithm": None,
            }
            for v in variants
        ],
        outcome=outcome,
        created_by=actor.user_id,
    )
    if not await repository.add_experiment(session, experiment):
        raise Conflict(f"an experiment named {name!r} already exists")
    await audit.record(
        session,
        "experiment.create",
        actor=actor,
        target_type="experiment",
        target_id=experiment.id,
    )
    return experiment


async def list_experiments(session: AsyncSession) -> list[Experiment]:
    """Every experiment, newest first."""
    return await repository.list_experiments(session)


async def get_experiment(session: AsyncSession, experiment_id: uuid.UUID) -> Experiment:
    """The experiment, or 404."""
    experiment = await repository.get_experiment(session, experiment_id)
    if experiment is None:
        raise NotFound("experiment not found")
    return experiment


async def start_experiment(
    session: AsyncSession,
    experiment_id: uuid.UUID,
    *,
    actor: audit.Actor,
    now: datetime | None = None,
) -> Experiment:
    """Move a draft experiment to running; 409 when it is not a draft or another one runs."""
    await repository.lock_experiment_statuses(session)
    experiment = await get_experiment(session, experiment_id)
    if experiment.status != "draft":
        raise Conflict(f"only a draft experiment can start; this one is {experiment.status}")
    running = await repository.running_experiment(session)
    if running is not None:
        raise Conflict(f"experiment {running.name!r} is already running: stop it first")
    experiment.status = "running"
    experiment.started_at = now or datetime.now(UTC)
    await session.flush()
    await audit.record(
        session, "experiment.start", actor=actor, target_type="experiment", target_id=experiment.id
    )
    return experiment


async def stop_experiment(
    session: AsyncSession,
    experiment_id: uuid.UUID,
    *,
    actor: audit.Actor,
    now: datetime | None = None,
) -> Experiment:
    """Move a running experiment to stopped, after which everyone gets its control; 409 when
    it is not running."""
    await repository.lock_experiment_statuses(session)
    experiment = await get_experiment(session, experiment_id)
    if experiment.status != "running":
        raise Conflict(f"only a running experiment can stop; this one is {experiment.status}")
    experiment.status = "stopped"
    experiment.stopped_at = now or datetime.now(UTC)
    await session.flush()
    await audit.record(
        session, "experiment.stop", actor=actor, target_type="experiment", target_id=experiment.id
    )
    return experiment


def assigned_variant(experiment: Experiment, user_id: uuid.UUID) -> VariantSpec:
    """The arm this user sees in the experiment, the same in every process."""
    variants = variants_of(experiment)
    name = assign_variant(
        user_id, salt=experiment.salt, variants=[Variant(v.name, v.traffic) for v in variants]
    )
    return next(v for v in variants if v.name == name)


async def serving_arm(
    session: AsyncSession, user_id: uuid.UUID, base: Mapping[str, float] | None = None
) -> ServingArm:
    """The weights the user's feed is ranked with now, with the running experiment and the
    user's variant in it, if any. ``base`` holds the deployment's and the user's overrides,
    which a variant's own overrides replace factor by factor."""
    running = await repository.running_experiment(session)
    if running is not None:
        variant = assigned_variant(running, user_id)
        return ServingArm(variant.ranking_weights(base), running.id, variant.name)
    stopped = await repository.last_stopped_experiment(session)
    if stopped is not None:
        return ServingArm(variants_of(stopped)[0].ranking_weights(base))
    return ServingArm(Weights.from_mapping(base or {}))


async def record_exposure(
    session: AsyncSession,
    *,
    experiment_id: uuid.UUID,
    user_id: uuid.UUID,
    variant: str,
    now: datetime | None = None,
) -> None:
    """Log that the user was served the variant's results (one row per user, counting
    servings)."""
    await repository.upsert_exposure(
        session,
        experiment_id=experiment_id,
        user_id=user_id,
        variant=variant,
        at=now or datetime.now(UTC),
    )


async def experiment_results(session: AsyncSession, experiment_id: uuid.UUID) -> ExperimentResults:
    """Per variant: users exposed, users converted (the experiment's outcome feedback at or
    after their first exposure), the rate with its 95 % interval and, against the control, a
    two-proportion z-test."""
    experiment = await get_experiment(session, experiment_id)
    counts = await repository.exposures_and_conversions(session, experiment.id, experiment.outcome)
    outcomes = [
        VariantOutcome(v.name, *counts.get(v.name, (0, 0))) for v in variants_of(experiment)
    ]
    return ExperimentResults(experiment, compare_to_control(outcomes[0], outcomes[1:]))
