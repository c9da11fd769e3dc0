"""The demo partnership: a delivery plan with honest colours, slipped dates, a register of
recommendations from four sources, a scrutiny meeting with overdue written answers, training
and a case-file audit. All wording is invented for the fictional borough of Kingsmere.
"""

from __future__ import annotations

from triangulate.core.audit import audit
from triangulate.core.models import AuditAction
from triangulate.partnership.services.rag import ensure_rules

from ..borough import Borough
from .learning import learning
from .plan import delivery_plan
from .registers import recommendations, scrutiny


def generate(borough: Borough, *, children: int) -> None:
    ensure_rules()
    plan, actions = delivery_plan(borough)
    recommendations(borough, actions)
    scrutiny(borough)
    learning(borough, actions)
    audit(None, AuditAction.CREATE, plan, "generate the demo partnership")
