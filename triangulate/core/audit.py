"""The tamper-evident audit log.

Every view, create, change, export and search of personal data is written here by an
explicit call to :func:`audit` (never by signals: bulk operations would slip past them).
Each entry stores the hash of the entry before it, so editing, deleting or reordering any
entry breaks the chain; :func:`verify_chain` finds the first broken link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import AuditAction, AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def _object_ref(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    meta = getattr(obj, "_meta", None)
    if meta is not None:
        return meta.label_lower, str(obj.pk)
    return type(obj).__name__, ""


HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_name",
    "agency_name",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "detail",
    "previous_hash",
)


def entry_digest(fields: dict) -> str:
    """SHA-256 over every hashed field (the timestamp as a UTC ISO string)."""
    values = [
        _timestamp(fields[name]) if name == "occurred_at" else fields[name]
        for name in HASHED_FIELDS
    ]
    payload = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _timestamp(value) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@transaction.atomic
def audit(
    actor,
    action: str,
    obj: Any = None,
    purpose: str = "",
    *,
    detail: dict | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    ``actor`` is the signed-in user (or None for the public and the system), ``obj`` a model
    instance or a ``(type, id)`` pair, ``purpose`` why the user did it.
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    object_type, object_id = _object_ref(obj)
    actor_id = getattr(actor, "pk", None)
    actor_name = getattr(actor, "username", "") or ("public" if actor is None else str(actor))
    agency = getattr(actor, "agency", None) if actor_id else None
    agency_name = agency.name if agency else ""
    # JSON round-trip so that what is hashed is exactly what the database stores.
    clean_detail = json.loads(json.dumps(detail or {}, default=str))
    fields = {
        "sequence": head.sequence + 1,
        "occurred_at": timezone.now(),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "agency_name": agency_name,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "purpose": purpose,
        "detail": clean_detail,
        "previous_hash": head.entry_hash,
    }
    entry = AuditEntry.objects.create(**fields, entry_hash=entry_digest(fields))
    AuditHead.objects.filter(id=1).update(sequence=entry.sequence, entry_hash=entry.entry_hash)
    return entry


def audit_many(actor, action: str, objects: Iterable[Any], purpose: str = "") -> None:
    """Audit each object in turn (for lists and exports that show several records)."""
    for obj in objects:
        audit(actor, action, obj, purpose)


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"Audit chain broken at entry {self.sequence}: {self.reason}"


def verify_chain(batch_size: int = 5000) -> ChainBreak | None:
    """Walk the whole log in order; return the first broken link, or None if it is intact."""
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    last_sequence = 0
    entries = AuditEntry.objects.order_by("sequence", "id").values(*HASHED_FIELDS, "entry_hash")
    for row in entries.iterator(chunk_size=batch_size):
        seq = row["sequence"]
        if seq != expected_sequence:
            return ChainBreak(expected_sequence, f"entry {expected_sequence} is missing")
        if row["previous_hash"] != previous_hash:
            return ChainBreak(seq, "it does not follow the entry before it (deleted or reordered)")
        if entry_digest(row) != row["entry_hash"]:
            return ChainBreak(seq, "its contents were changed after it was written")
        previous_hash = row["entry_hash"]
        expected_sequence += 1
        last_sequence = seq
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.sequence != last_sequence or head.entry_hash != previous_hash):
        return ChainBreak(last_sequence + 1, "entries after it have been removed")
    return None


def entries_for(obj):
    """Everything the log holds about one record, newest first (for 'who has seen this')."""
    object_type, object_id = _object_ref(obj)
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id).order_by(
        "-sequence", "-id"
    )
