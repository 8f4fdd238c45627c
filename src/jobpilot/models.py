"""Imports every domain's tables so that ``Base.metadata`` is complete (Alembic, tests)."""

from jobpilot.audit.models import AuditEvent
from jobpilot.auth.models import ApiKey, AuthSession, RefreshToken, User
from jobpilot.core.db import Base
from jobpilot.orgs.models import Membership, Organisation
from jobpilot.system.models import QueueCheck, WorkerHeartbeat
from jobpilot.taxonomy.models import (
    Concept,
    ConceptEmbedding,
    ConceptLabel,
    ConceptRelation,
    TaxonomyImport,
)

__all__ = [
    "ApiKey",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Concept",
    "ConceptEmbedding",
    "ConceptLabel",
    "ConceptRelation",
    "Membership",
    "Organisation",
    "QueueCheck",
    "RefreshToken",
    "TaxonomyImport",
    "User",
    "WorkerHeartbeat",
]
