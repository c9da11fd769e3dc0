"""What a linkage run reads: the register mirrored as records of the source "register",
every current record as the engine's frames, and the decisions and merges it must keep to."""

from __future__ import annotations

from triangulate.register.models import Person, PersonAddress

from ..engine.schema import PERSON_FIELDS
from ..models import (
    REGISTER_SOURCE,
    MatchPair,
    MergeAction,
    MergeEvent,
    PairStatus,
    SourceRecord,
)
from .merges import register_values

FIELDS = PERSON_FIELDS


def sync_register_records() -> None:
    """Mirror every live register entry as a current record of the source "register"."""
    people = Person.objects.filter(merged_into__isnull=True).select_related("owning_agency")
    addresses = {
        a.person_id: a for a in PersonAddress.objects.filter(to_date__isnull=True).order_by("id")
    }
    existing = {r.record_id: r for r in SourceRecord.objects.filter(source_name=REGISTER_SOURCE)}
    live_ids = set()
    to_create, to_update = [], []
    for person in people.iterator(chunk_size=2000):
        values = register_values(person, addresses.get(person.pk))
        record_id = str(person.pk)
        live_ids.add(record_id)
        record = existing.get(record_id)
        if record is None:
            to_create.append(
                SourceRecord(
                    owning_agency_id=person.owning_agency_id,
                    source_name=REGISTER_SOURCE,
                    record_id=record_id,
                    person=person,
                    **values,
                )
            )
        else:
            for key, value in values.items():
                setattr(record, key, value)
            record.is_current = True
            record.person = person
            record.owning_agency_id = person.owning_agency_id
            to_update.append(record)
    SourceRecord.objects.bulk_create(to_create, batch_size=1000)
    SourceRecord.objects.bulk_update(
        to_update, [*FIELDS[:10], "is_current", "person", "owning_agency"], batch_size=1000
    )
    retired = [r.pk for rid, r in existing.items() if rid not in live_ids and r.is_current]
    SourceRecord.objects.filter(pk__in=retired).update(is_current=False)


def frames(records: list[SourceRecord]):
    import pandas as pd

    rows: dict[str, list[dict]] = {}
    for r in records:
        row = {f: getattr(r, f) or "" for f in FIELDS}
        row["date_of_birth"] = r.date_of_birth.isoformat() if r.date_of_birth else ""
        row["record_id"] = str(r.pk)
        rows.setdefault(r.source_name, []).append(row)
    return {source: pd.DataFrame(items) for source, items in rows.items()}


def labels(records_by_pk: dict[int, SourceRecord]):
    """Reviewers' decisions and standing merges, as must-link and cannot-link pairs."""

    def uid(record_pk):
        r = records_by_pk.get(record_pk)
        return f"{r.source_name}|{r.pk}" if r else None

    must, cannot, labelled = [], [], []
    for pair in MatchPair.objects.filter(status__in=[PairStatus.ACCEPTED, PairStatus.REJECTED]):
        a, b = uid(pair.left_id), uid(pair.right_id)
        if a and b:
            (must if pair.status == PairStatus.ACCEPTED else cannot).append((a, b))
            labelled.append((a, b, pair.status == PairStatus.ACCEPTED))
    register_of = {
        int(r.record_id): f"{REGISTER_SOURCE}|{r.pk}"
        for r in records_by_pk.values()
        if r.source_name == REGISTER_SOURCE
    }
    for event in MergeEvent.objects.filter(action=MergeAction.MERGE, undone_by__isnull=True):
        survivor = register_of.get(event.surviving_id)
        for moved in event.moved_records:
            if survivor and uid(moved):
                must.append((survivor, uid(moved)))
    for event in MergeEvent.objects.filter(action=MergeAction.UNMERGE):
        survivor = register_of.get(event.surviving_id)
        for moved in event.moved_records:
            if survivor and uid(moved):
                cannot.append((survivor, uid(moved)))
    return must, cannot, labelled
