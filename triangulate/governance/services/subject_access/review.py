"""Reviewing a gathered export: keeping or lifting each redaction, redacting more, and the
export as its redactions leave it."""

from __future__ import annotations

import re

from django.db import transaction

from triangulate.core import access
from triangulate.core.audit import audit
from triangulate.core.concurrency import bump
from triangulate.core.models import AuditAction, User

from ...models import SubjectAccessRequest, SubjectAccessStatus
from .gathering import cells
from .requests import RULE, NotAllowed


def redacted(text: str, redactions: list[dict]) -> str:
    """``text`` with every kept redaction replaced by its label, the same label everywhere."""
    for item in sorted(redactions, key=lambda r: len(r["text"]), reverse=True):
        if item["kept"]:
            text = re.sub(re.escape(item["text"]), item["label"], text, flags=re.IGNORECASE)
    return text


def reviewed_sections(request: SubjectAccessRequest) -> list[dict]:
    return [
        {
            "title": section["title"],
            "rows": [
                [redacted(cell, request.redactions) for cell in row] for row in section["rows"]
            ],
        }
        for section in request.sections
    ]


def in_review(request: SubjectAccessRequest) -> None:
    if request.status != SubjectAccessStatus.IN_REVIEW:
        raise NotAllowed("Only a request in review can be changed this way.")


@transaction.atomic
def redaction_decide(
    *, actor: User, request: SubjectAccessRequest, expected_version: int, redaction: int, keep: bool
) -> None:
    """Keep or lift one redaction (audited with what it covers)."""
    access.require(actor, RULE, request)
    in_review(request)
    items = [dict(item) for item in request.redactions]
    chosen = next((item for item in items if item["id"] == redaction), None)
    if chosen is None:
        raise NotAllowed("There is no such redaction.")
    chosen["kept"] = keep
    bump(request, expected_version, where={"status": SubjectAccessStatus.IN_REVIEW},
         redactions=items)  # fmt: skip
    audit(actor, AuditAction.CHANGE, request,
          "subject access: keep a redaction" if keep else "subject access: lift a redaction",
          detail={"redaction": chosen["label"], "reason": chosen["reason"]},
          subject=request.person)  # fmt: skip


@transaction.atomic
def redaction_add(
    *, actor: User, request: SubjectAccessRequest, expected_version: int, text: str, reason: str
) -> None:
    """Redact more text, wherever it appears, with the reviewer's reason."""
    access.require(actor, RULE, request)
    in_review(request)
    text, reason = text.strip(), reason.strip()
    if not text or not reason or text.lower() not in cells(request.sections).lower():
        raise NotAllowed("Redact text that appears in the export, with a reason.")
    items = [dict(item) for item in request.redactions]
    n = max((item["id"] for item in items), default=0) + 1
    items.append({"id": n, "text": text, "label": f"[redacted {n}]", "reason": reason,
                  "kept": True, "added_by_reviewer": True})  # fmt: skip
    bump(request, expected_version, where={"status": SubjectAccessStatus.IN_REVIEW},
         redactions=items)  # fmt: skip
    audit(actor, AuditAction.CHANGE, request, "subject access: add a redaction",
          detail={"redaction": f"[redacted {n}]", "reason": reason},
          subject=request.person)  # fmt: skip
