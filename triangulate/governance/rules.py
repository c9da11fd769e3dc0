"""Governance's access rules and read grants (break-glass), and the agreement finder shares are
checked against, registered with core when the app is ready."""

from __future__ import annotations

from triangulate.core.access import register_read_grants, register_rule
from triangulate.core.records import register_agreement_finder

from . import services
from .apps import (
    AGREEMENT_ROLES,
    APPROVER_ROLES,
    LEAD_ROLES,
    MEMBER_WARD_ROLES,
    RETENTION_ROLES,
)


def register() -> None:
    def roles(*codes):
        return lambda user, obj=None: user.agency_id is not None and user.has_role(*codes)

    register_rule("governance.agreements", roles(*AGREEMENT_ROLES))
    register_rule("governance.approve_shares", roles(*APPROVER_ROLES))
    register_rule("governance.review_break_glass", roles(*LEAD_ROLES))
    register_rule("governance.subject_access", roles(*LEAD_ROLES))
    # The partnership's retention schedule, legal holds and destruction.
    register_rule("governance.retention", lambda user, obj=None: user.has_role(*RETENTION_ROLES))
    # The ward an elected member represents: kept by the partnership manager (and the
    # system administrator, who keeps every account).
    register_rule(
        "governance.member_wards",
        lambda user, obj=None: user.has_role(*MEMBER_WARD_ROLES),
    )
    register_agreement_finder(services.live_agreement_for, services.agreement_covers)
    register_read_grants(services.live_break_glass_ids)
