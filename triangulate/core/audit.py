"""The tamper-evident audit log.

Every view, create, change, export and search of personal data is written here by an
explicit call to :func:`audit` (never by signals: bulk operations would slip past them).
Each entry stores the hash of the entry before it, so editing, deleting or reordering any
entry breaks the chain; :func:`verify_chain` finds the first broken link.

Each entry also names its data subject: the child (or adult) the entry concerns, so that
"who has seen this record" finds everything done with anything about them. The subject is
found from the object (a person is their own subject; a record with a ``person`` is about
that person; a record hanging from such a record, for example a plan's action, is about
the same person) or given as ``subject=``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, prefetch_related_objects
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


def _model_row(ref: tuple[str, str]):
    """The row a ``(label, pk)`` reference names, or None."""
    try:
        model = apps.get_model(ref[0])
    except (LookupError, ValueError):
        return None
    try:
        return model._default_manager.filter(pk=ref[1]).first() if ref[1] else None
    except (ValueError, TypeError, ValidationError):  # an id that is not this model's key
        return None


def _person_field(model) -> models.ForeignKey | None:
    try:
        field = model._meta.get_field("person")
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends: no person field
        return None
    return field if field.is_relation and field.many_to_one else None


def subject_of(obj: Any) -> tuple[str, str] | None:
    """The data subject an object concerns, as ``(label, pk)``, or None if it names nobody."""
    if isinstance(obj, tuple):
        obj = _model_row((str(obj[0]), str(obj[1])))
    meta = getattr(obj, "_meta", None)
    if obj is None or meta is None:
        return None
    if getattr(obj, "is_data_subject", False):
        return meta.label_lower, str(obj.pk)
    field = _person_field(type(obj))
    if field is not None:
        person_id = getattr(obj, field.attname)
        return (field.related_model._meta.label_lower, str(person_id)) if person_id else None
    # One step up: a record hanging from a record about a person (a plan's action, an
    # episode's risk change, a case's task, a contact's decision).
    for parent in meta.concrete_fields:
        if not (parent.is_relation and parent.many_to_one):
            continue
        person = _person_field(parent.related_model)
        parent_id = getattr(obj, parent.attname)
        if person is None or parent_id is None:
            continue
        if parent.is_cached(obj):
            person_id = getattr(parent.get_cached_value(obj), person.attname)
        else:
            person_id = (
                parent.related_model._default_manager.filter(pk=parent_id)
                .values_list(person.attname, flat=True)
                .first()
            )
        if person_id:
            return person.related_model._meta.label_lower, str(person_id)
    return None


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
    """SHA-256 over every hashed field (the timestamp as a UTC ISO string).

    The data subject is hashed only when the entry names one, so entries written before
    the log named subjects still verify exactly as they were written.
    """
    values = [
        _timestamp(fields[name]) if name == "occurred_at" else fields[name]
        for name in HASHED_FIELDS
    ]
    if fields.get("subject_type") or fields.get("subject_id"):
        values.append({"subject": [fields["subject_type"], fields["subject_id"]]})
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
    subject: Any = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    ``actor`` is the signed-in user (or None for the public and the system), ``obj`` a model
    instance or a ``(type, id)`` pair, ``purpose`` why the user did it. ``subject`` is the
    person the entry concerns (an instance or a ``(type, id)`` pair); when it is not given
    it is found from ``obj`` (see :func:`subject_of`).
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    object_type, object_id = _object_ref(obj)
    subject_type, subject_id = (
        _object_ref(subject) if subject is not None else subject_of(obj) or (None, None)
    )
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
        "subject_type": subject_type,
        "subject_id": subject_id,
    }
    entry = AuditEntry.objects.create(**fields, entry_hash=entry_digest(fields))
    AuditHead.objects.filter(id=1).update(sequence=entry.sequence, entry_hash=entry.entry_hash)
    return entry


def _load_parents(records: list) -> None:
    """Load, in one query per kind, the parent records through which listed records name
    their child (a plan's action, a case's task), so that naming the children of a long list
    does not ask the database once per row."""
    by_model: dict[type, list] = {}
    for record in records:
        meta = getattr(record, "_meta", None)
        if meta is None or getattr(record, "is_data_subject", False):
            continue
        if _person_field(type(record)) is None:
            by_model.setdefault(type(record), []).append(record)
    for model, rows in by_model.items():
        for parent in model._meta.concrete_fields:
            if parent.is_relation and parent.many_to_one and _person_field(parent.related_model):
                prefetch_related_objects(rows, parent.name)


def audit_shown(actor, records: Iterable[Any], purpose: str, **extra) -> AuditEntry | None:
    """One entry for a page that listed records naming children (a list, a queue, a search).

    The detail names every record shown (``{"records": {type: [ids]}}``) and every child
    they concern (``"people"``); a page that showed one child names them as the subject.
    A page that showed nothing personal writes nothing.
    """
    shown: dict[str, list[str]] = {}
    people: dict[str, None] = {}
    subject_type = ""
    records = list(records)
    _load_parents(records)
    for record in records:
        object_type, object_id = _object_ref(record)
        shown.setdefault(object_type, [])
        if object_id not in shown[object_type]:
            shown[object_type].append(object_id)
        subject = subject_of(record)
        if subject:
            subject_type = subject[0]
            people.setdefault(subject[1], None)
    if not shown:
        return None
    return audit(
        actor,
        AuditAction.VIEW,
        None,
        purpose,
        detail={"records": shown, "people": list(people), **extra},
        subject=(subject_type, next(iter(people))) if len(people) == 1 else None,
    )


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"Audit chain broken at entry {self.sequence}: {self.reason}"


def verify_chain(
    batch_size: int = 5000,
    *,
    after: tuple[int, str] | None = None,
    workers: int = 1,
    min_stretch: int = 50_000,
) -> ChainBreak | None:
    """Walk the log in order; return the first broken link, or None if it is intact.

    ``after`` (a checkpoint's sequence and entry hash) starts the walk just after an entry
    an earlier check found intact: the nightly check reads only what is new. The entry at
    the checkpoint must still carry the hash it had; a change to older entries' contents is
    found by a full check (no ``after``).

    With ``workers`` above 1 the log is cut into that many consecutive stretches checked at
    once by separate processes (a database file or server, not an in-memory one). Each
    stretch starts from the stored hash of the entry before it, which the stretch before it
    checks, so the chain is checked link by link exactly as one walk would.
    """
    previous_hash, first = (after[1], after[0] + 1) if after else (GENESIS_HASH, 1)
    if after:
        at = AuditEntry.objects.filter(sequence=after[0]).values_list("entry_hash", flat=True)
        if list(at) != [after[1]]:
            return ChainBreak(after[0], "it is not the entry that was checked before")
    head = AuditHead.objects.filter(id=1).first()
    stretches = _stretches(first, head.sequence if head else 0, workers, min_stretch)
    if len(stretches) > 1:
        results = _check_in_parallel(stretches, previous_hash, batch_size)
    else:
        results = [_check_stretch(first, None, previous_hash, batch_size)]
    found = [result for result in results if isinstance(result, ChainBreak)]
    if found:
        return min(found, key=lambda found_break: found_break.sequence)
    last_sequence, last_hash = results[-1]
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.sequence != last_sequence or head.entry_hash != last_hash):
        return ChainBreak(last_sequence + 1, "entries after it have been removed")
    return None


def _stretches(
    first: int, last: int, workers: int, min_stretch: int
) -> list[tuple[int, int | None]]:
    """``workers`` consecutive (first, last) sequence ranges; the last is open-ended so that
    entries written during the check, or past a truncated head, are still read."""
    total = last - first + 1
    if workers <= 1 or total < workers * min_stretch:
        return [(first, None)]
    size = -(-total // workers)
    starts = list(range(first, last + 1, size))
    return [(start, start + size - 1) for start in starts[:-1]] + [(starts[-1], None)]


def _check_in_parallel(stretches, previous_hash: str, batch_size: int) -> list:
    import concurrent.futures
    import multiprocessing

    from django.db import connections

    starting_hashes = [previous_hash]
    for start, _end in stretches[1:]:
        stored = AuditEntry.objects.filter(sequence=start - 1).values_list("entry_hash", flat=True)
        starting_hashes.append(next(iter(stored), "missing"))
    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(len(stretches), mp_context=context) as pool:
        futures = [
            pool.submit(_check_stretch_in_process, start, end, starting, batch_size)
            for (start, end), starting in zip(stretches, starting_hashes, strict=True)
        ]
        return [future.result() for future in futures]


def _check_stretch_in_process(start, end, previous_hash, batch_size):
    from django.db import connections

    try:
        return _check_stretch(start, end, previous_hash, batch_size)
    finally:
        connections.close_all()


def _check_stretch(start: int, end: int | None, previous_hash: str, batch_size: int):
    """Check entries ``start`` to ``end`` (or to the last); a ChainBreak, or the last
    entry's (sequence, hash)."""
    columns = (*HASHED_FIELDS, "subject_type", "subject_id", "entry_hash")
    rows = AuditEntry.objects.filter(sequence__gte=start)
    if end is not None:
        rows = rows.filter(sequence__lte=end)
    expected_sequence = start
    last_sequence = start - 1
    for row in rows.order_by("sequence", "id").values_list(*columns).iterator(batch_size):
        fields = dict(zip(columns, row, strict=True))
        seq = fields["sequence"]
        if seq != expected_sequence:
            return ChainBreak(expected_sequence, f"entry {expected_sequence} is missing")
        if fields["previous_hash"] != previous_hash:
            return ChainBreak(seq, "it does not follow the entry before it (deleted or reordered)")
        if entry_digest(fields) != fields["entry_hash"]:
            return ChainBreak(seq, "its contents were changed after it was written")
        previous_hash = fields["entry_hash"]
        expected_sequence += 1
        last_sequence = seq
    if end is not None and last_sequence != end:
        return ChainBreak(last_sequence + 1, f"entry {last_sequence + 1} is missing")
    return last_sequence, previous_hash


def entries_for(obj):
    """Everything the log holds about one record, newest first (for 'who has seen this').

    For a person that is every entry naming them as its subject (their risk assessments,
    missing episodes, interviews, exports, shares, the timelines and lists that showed them,
    refused attempts) as well as entries about their register entry itself.
    """
    object_type, object_id = _object_ref(obj)
    return AuditEntry.objects.filter(
        Q(subject_type=object_type, subject_id=object_id)
        | Q(object_type=object_type, object_id=object_id)
    ).order_by("-sequence", "-id")


def audit_refusal(actor, exception: Exception, *, path: str = "") -> AuditEntry:
    """Write the one entry for a refused request (called by the 403 page).

    A refusal by the access policy names the record and the action refused; any other
    refusal names the page asked for.
    """
    record = getattr(exception, "record", None)
    purpose = getattr(exception, "purpose", "") or f"open {path}"[:300]
    user = actor if getattr(actor, "is_authenticated", False) else None
    return audit(
        user,
        AuditAction.DENIED,
        record,
        purpose,
        detail={"path": path[:500], "reason": str(exception or "")[:300]},
    )


@dataclass(frozen=True)
class PastEntry:
    """An entry of a history written in bulk (a demo's or a migrated system's past)."""

    occurred_at: dt.datetime
    actor: Any
    action: str
    obj: Any
    purpose: str
    subject: Any = None


@transaction.atomic
def audit_history(entries: Iterable[PastEntry], batch_size: int = 20_000) -> int:
    """Append many entries at once, in the order given, chained exactly as ``audit`` chains
    them. For loading history only (the demo's past years): the times are the entries' own.
    Returns how many were written."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    sequence, previous_hash = head.sequence, head.entry_hash
    agencies: dict[int, str] = {}
    batch: list[AuditEntry] = []
    written = 0
    for entry in entries:
        actor_id = getattr(entry.actor, "pk", None)
        if actor_id and actor_id not in agencies:
            agency = getattr(entry.actor, "agency", None)
            agencies[actor_id] = agency.name if agency else ""
        object_type, object_id = _object_ref(entry.obj)
        subject_type, subject_id = (
            _object_ref(entry.subject) if entry.subject is not None else (None, None)
        )
        sequence += 1
        fields = {
            "sequence": sequence,
            "occurred_at": entry.occurred_at,
            "actor_id": actor_id,
            "actor_name": getattr(entry.actor, "username", "")
            or ("public" if entry.actor is None else str(entry.actor)),
            "agency_name": agencies.get(actor_id, "") if actor_id else "",
            "action": entry.action,
            "object_type": object_type,
            "object_id": object_id,
            "purpose": entry.purpose,
            "detail": {},
            "previous_hash": previous_hash,
            "subject_type": subject_type,
            "subject_id": subject_id,
        }
        fields["entry_hash"] = previous_hash = entry_digest(fields)
        batch.append(AuditEntry(**fields))
        if len(batch) >= batch_size:
            AuditEntry.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    written += len(batch)
    AuditHead.objects.filter(id=1).update(sequence=sequence, entry_hash=previous_hash)
    return written
