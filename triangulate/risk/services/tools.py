"""Risk tools: the current version of a tool (the starter tool made when first needed), its
versions, and publishing a new one."""

from __future__ import annotations

from django.db import transaction

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import StaleEdit
from triangulate.core.models import AuditAction, User
from triangulate.core.roles import Role

from .. import scoring
from ..models import RiskTool
from ..starter_tool import STARTER_DEFINITION, STARTER_TOOL_NAME, STARTER_TOOL_SLUG
from .errors import AssessmentInvalid

TOOL_EDITING_ROLES = (Role.PARTNERSHIP_MANAGER, Role.SYSTEM_ADMINISTRATOR)


def current_tool(slug: str = STARTER_TOOL_SLUG) -> RiskTool:
    """The newest version of a tool; the starter tool is created the first time it is needed."""
    tool = RiskTool.objects.filter(slug=slug).order_by("-version", "-id").first()
    if tool is None:
        if slug != STARTER_TOOL_SLUG:
            raise RiskTool.DoesNotExist(slug)
        tool, _ = RiskTool.objects.get_or_create(
            slug=STARTER_TOOL_SLUG,
            version=1,
            defaults={
                "name": STARTER_TOOL_NAME,
                "definition": STARTER_DEFINITION,
                "change_note": "Starter tool shipped with Triangulate",
            },
        )
    return tool


def tool_versions(slug: str = STARTER_TOOL_SLUG) -> list[RiskTool]:
    current_tool(slug)
    return list(RiskTool.objects.filter(slug=slug).order_by("-version", "-id"))


@transaction.atomic
def tool_publish(
    *, actor: User, slug: str, name: str, definition: dict, change_note: str, based_on: int
) -> RiskTool:
    """Publish a new version of a tool. Refused if the definition is invalid or if someone
    published another version since the editor opened ``based_on``."""
    access.require(actor, "risk.edit_tools")
    problems = scoring.validate_definition(definition)
    if problems:
        raise AssessmentInvalid({"definition": problems[0]})
    latest = current_tool(slug)
    if latest.version != based_on:
        raise StaleEdit
    tool = RiskTool.objects.create(
        slug=slug,
        name=name,
        version=latest.version + 1,
        definition=definition,
        change_note=change_note,
        published_by=actor,
    )
    audit(actor, AuditAction.CREATE, tool, "publish a new risk tool version")
    return tool
