"""REST endpoints of ranking experiments (administrators): create, list, start, stop, results."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status

from jobpilot.auth.dependencies import AdminPrincipal
from jobpilot.core.deps import SessionDep, client_ip
from jobpilot.matching import experiments
from jobpilot.matching.models import Experiment
from jobpilot.matching.schemas import (
    ComparisonOut,
    ExperimentIn,
    ExperimentOut,
    ExperimentResultsOut,
    ExperimentVariantOut,
    VariantResultOut,
)
from jobpilot.matching.statistics import VariantResult

router = APIRouter(prefix="/api/v1/experiments", tags=["experiments"])


def experiment_out(experiment: Experiment) -> ExperimentOut:
    return ExperimentOut(
        id=experiment.id,
        name=experiment.name,
        description=experiment.description,
        status=experiment.status,
        outcome=experiment.outcome,
        variants=[
            ExperimentVariantOut(
                name=v.name,
                traffic=v.traffic,
                weights=None if v.weights is None else dict(v.weights),
            )
            for v in experiments.variants_of(experiment)
        ],
        created_at=experiment.created_at,
        started_at=experiment.started_at,
        stopped_at=experiment.stopped_at,
    )


def variant_result_out(result: VariantResult) -> VariantResultOut:
    test = result.test
    return VariantResultOut(
        name=result.name,
        is_control=result.is_control,
        exposures=result.exposures,
        conversions=result.conversions,
        rate=result.rate,
        interval=result.interval,
        versus_control=None
        if test is None
        else ComparisonOut(
            z=test.z,
            p_value=test.p_value,
            significant=test.significant,
            difference=test.difference,
            difference_interval=test.difference_interval,
        ),
    )


@router.post("", response_model=ExperimentOut, status_code=status.HTTP_201_CREATED)
async def create_experiment(
    body: ExperimentIn, principal: AdminPrincipal, session: SessionDep, request: Request
) -> ExperimentOut:
    """Create a draft ranking experiment. The first variant is the control; each variant has
    a relative traffic weight and factor weights (null: the defaults). `outcome` is the
    feedback that counts as a conversion (`save` or `apply`)."""
    experiment = await experiments.create_experiment(
        session,
        name=body.name,
        description=body.description,
        variants=[
            experiments.VariantSpec(name=v.name, traffic=v.traffic, weights=v.weights)
            for v in body.variants
        ],
        outcome=body.outcome,
        actor=principal.actor(client_ip(request)),
    )
    return experiment_out(experiment)


@router.get("", response_model=list[ExperimentOut])
async def list_experiments(principal: AdminPrincipal, session: SessionDep) -> list[ExperimentOut]:
    """Every experiment, newest first."""
    return [experiment_out(e) for e in await experiments.list_experiments(session)]


@router.get("/{experiment_id}", response_model=ExperimentOut)
async def get_experiment(
    experiment_id: uuid.UUID, principal: AdminPrincipal, session: SessionDep
) -> ExperimentOut:
    """One experiment with its variants and status."""
    return experiment_out(await experiments.get_experiment(session, experiment_id))


@router.post("/{experiment_id}/start", response_model=ExperimentOut)
async def start_experiment(
    experiment_id: uuid.UUID, principal: AdminPrincipal, session: SessionDep, request: Request
) -> ExperimentOut:
    """Start a draft experiment: from now on each user's feed is ranked with their variant.
    Only one experiment runs at a time (409 otherwise)."""
    experiment = await experiments.start_experiment(
        session, experiment_id, actor=principal.actor(client_ip(request))
    )
    return experiment_out(experiment)


@router.post("/{experiment_id}/stop", response_model=ExperimentOut)
async def stop_experiment(
    experiment_id: uuid.UUID, principal: AdminPrincipal, session: SessionDep, request: Request
) -> ExperimentOut:
    """Stop a running experiment: everyone gets the control from now on."""
    experiment = await experiments.stop_experiment(
        session, experiment_id, actor=principal.actor(client_ip(request))
    )
    return experiment_out(experiment)


@router.get("/{experiment_id}/results", response_model=ExperimentResultsOut)
async def experiment_results(
    experiment_id: uuid.UUID, principal: AdminPrincipal, session: SessionDep
) -> ExperimentResultsOut:
    """Per variant: exposed users, converted users, the conversion rate with its 95 % Wilson
    interval and, for each non-control variant, a two-proportion z-test against the control
    with the difference and its 95 % interval."""
    results = await experiments.experiment_results(session, experiment_id)
    return ExperimentResultsOut(
        experiment=experiment_out(results.experiment),
        variants=[variant_result_out(r) for r in results.variants],
    )
