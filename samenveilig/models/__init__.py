"""The data model, one module per area; import models from here."""

from .accounts import ROLE_LABELS, LoginFailure, Role, User
from .audit import AuditEvent
from .cases import (
    NETWORK_ROLE_LABELS,
    SERVICE_LABELS,
    Case,
    CaseMember,
    CaseStatus,
    Child,
    NetworkMember,
    NetworkRole,
    Service,
)
from .types import utcnow

__all__ = [
    "AuditEvent",
    "Case",
    "CaseMember",
    "CaseStatus",
    "Child",
    "LoginFailure",
    "NETWORK_ROLE_LABELS",
    "NetworkMember",
    "NetworkRole",
    "ROLE_LABELS",
    "Role",
    "SERVICE_LABELS",
    "Service",
    "User",
    "utcnow",
]
