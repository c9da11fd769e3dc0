"""What the retention schedule counts from: the types of personal record, the clocks each
supports (when it was made, when it was closed, the child's 25th birthday), and which records
are past their period today or covered by a legal hold."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from triangulate.core.models import PersonalData
from triangulate.register.models import Person, PersonKind

from ...models import LegalHold, RetentionClock, RetentionRule

ADULTHOOD_CLOCK_AGE = 25

# What "when the record was made" and "when it was closed" mean for each type: the first of
# these fields the record has.
MADE_FIELDS = (
    "created_at", "recorded_at", "received_at", "submitted_at", "opened_at", "uploaded_at",
    "imported_at", "written_at", "started_at", "occurred_at", "requested_at", "decided_at",
    "amended_at", "corrected_at", "changed_at", "set_at", "identified_on", "referred_on",
    "held_at", "held_on", "assessed_on", "added_at", "tasked_at", "delivered_on", "from_date",
    "from_on", "started_on", "computed_at", "on",
)  # fmt: skip
CLOSED_FIELDS = ("closed_at", "closed_on", "ended_at", "ended_on")


def record_types() -> list[tuple[str, str]]:
    """Every type of personal record, as (label, name), by name."""
    found = [
        (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
        for model in apps.get_models()
        if issubclass(model, PersonalData)
    ]
    return sorted(found, key=lambda pair: pair[1])


def model_for(record_type: str) -> type[models.Model] | None:
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, PersonalData) else None


def type_name(record_type: str) -> str:
    model = model_for(record_type)
    return str(model._meta.verbose_name).capitalize() if model else record_type


def _first_field(model, names) -> models.Field | None:
    own = {f.name: f for f in model._meta.concrete_fields}
    return next((own[name] for name in names if name in own), None)


def person_path(model) -> str | None:
    """The lookup from a record to the child it is about ("" for a register entry itself)."""
    if model is Person:
        return ""
    own = {f.name: f for f in model._meta.concrete_fields}
    if "person" in own and own["person"].is_relation and own["person"].related_model is Person:
        return "person__"
    for parent in model._meta.concrete_fields:
        if parent.is_relation and parent.many_to_one and parent.related_model is not Person:
            names = {f.name: f for f in parent.related_model._meta.concrete_fields}
            up = names.get("person")
            if up is not None and up.is_relation and up.related_model is Person:
                return f"{parent.name}__person__"
    return None


def clocks_for(model) -> list[str]:
    """The clocks a type of record supports."""
    found = []
    if _first_field(model, MADE_FIELDS):
        found.append(RetentionClock.CREATED)
    if _first_field(model, CLOSED_FIELDS):
        found.append(RetentionClock.CLOSED)
    if person_path(model) is not None:
        found.append(RetentionClock.AGE_25)
    return found


def cutoff(today: dt.date, years: int, months: int) -> dt.date:
    """Records whose clock started on or before this date are past their period today."""
    return today - relativedelta(years=years, months=months)


def _on_or_before(field: models.Field, path: str, date: dt.date) -> models.Q:
    lookup = "date__lte" if isinstance(field, models.DateTimeField) else "lte"
    return models.Q(**{f"{path}{field.name}__{lookup}": date})


def due_filter(rule: RetentionRule, today: dt.date) -> models.Q | None:
    """The condition a record of the rule's type meets when it is past its period today
    (None when the type does not support the rule's clock)."""
    model = model_for(rule.record_type)
    if model is None:
        return None
    end = cutoff(today, rule.period_years, rule.period_months)
    if rule.clock == RetentionClock.CREATED:
        made = _first_field(model, MADE_FIELDS)
        return _on_or_before(made, "", end) if made else None
    if rule.clock == RetentionClock.CLOSED:
        closed = _first_field(model, CLOSED_FIELDS)
        return _on_or_before(closed, "", end) if closed else None
    path = person_path(model)
    if path is None:
        return None
    # Only records about someone registered as a child: an adult's records never fall due
    # under this clock.
    born = Person._meta.get_field("date_of_birth")
    child = models.Q(**{f"{path}kind": PersonKind.CHILD})
    return child & _on_or_before(born, path, end - relativedelta(years=ADULTHOOD_CLOCK_AGE))


def held_filter(model) -> models.Q:
    """Records of ``model`` a live hold covers: held themselves, or about a held child."""
    live = LegalHold.objects.filter(released_at__isnull=True)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    held = models.Q(pk__in=live.filter(content_type=content_type).values("object_id"))
    path = person_path(model)
    if path is not None:
        people = live.filter(person__isnull=False).values("person_id")
        held |= models.Q(**{f"{path}pk__in" if path else "pk__in": people})
    return held
