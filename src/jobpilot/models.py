"""Imports every domain's tables so that ``Base.metadata`` is complete (Alembic, tests)."""

from jobpilot.agents.models import CopilotRun, CopilotStep
from jobpilot.audit.models import AuditEvent
from jobpilot.auth.models import ApiKey, AuthSession, RefreshToken, User
from jobpilot.core.db import Base
from jobpilot.jobs.models import Feed, FeedRun, Job, JobImport, JobPosting
from jobpilot.matching.models import Experiment, ExperimentExposure, MatchAlert, MatchFeedback
from jobpilot.orgs.models import Membership, Organisation
from jobpilot.profiles.models import CandidateProfile, Resume, ResumeVersion
from jobpilot.system.models import QueueCheck, WorkerHeartbeat
from jobpilot.taxonomy.models import (
    Concept,
    ConceptLabel,
    ConceptRelation,
    TaxonomyImport,
    TextEmbedding,
)

__all__ = [
    "ApiKey",
    "AuditEvent",
    "AuthSession",
    "Base",
    "CandidateProfile",
    "Concept",
    "ConceptLabel",
    "ConceptRelation",
    "CopilotRun",
    "CopilotStep",
    "Experiment",
    "ExperimentExposure",
    "Feed",
    "FeedRun",
    "Job",
    "JobImport",
    "JobPosting",
    "MatchAlert",
    "MatchFeedback",
    "Membership",
    "Organisation",
    "QueueCheck",
    "RefreshToken",
    "Resume",
    "ResumeVersion",
    "TaxonomyImport",
    "TextEmbedding",
    "User",
    "WorkerHeartbeat",
]
