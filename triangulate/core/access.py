"""The access policy, in one place.

"May this user see or do this?" is answered here, and every view reads personal data
through the scoped querysets below. The default is need-to-know: a record is visible to
its owning agency, and to another agency only through an explicit, live
:class:`~triangulate.core.models.RecordShare`. Roles decide which kinds of work a user
does at all (a councillor never reads a child's record, whatever agency they sit in).
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from .models import Agency, PersonalData, RecordShare
from .roles import ACCESS_LOG_ROLES, CASEWORK_ROLES, Role
from .sensitivity import ENTITLEMENTS, label_name, label_of


class AccessDenied(PermissionDenied):
    """Raised when a user asks for something the policy does not allow.

    It carries what was refused (``record``: a model instance or a ``(label, pk)`` pair) and
    why the user asked (``purpose``); the 403 page writes the one audit entry for the refusal
    (after any transaction the refused work ran in has been rolled back).
    """

    def __init__(self, message: str = "", *, record=None, purpose: str = ""):
        super().__init__(message)
        self.record = record
        self.purpose = purpose


def is_personal_data_model(model) -> bool:
    return isinstance(model, type) and issubclass(model, PersonalData)


def second_factor_missing(user) -> bool:
    """True for a signed-in request's user who has not passed the second sign-in step.

    The two-factor middleware gives every request's user ``is_verified``; a user object a
    service or command holds outside any request has none and is judged by its roles alone.
    """
    is_verified = getattr(user, "is_verified", None)
    return settings.REQUIRE_TWO_FACTOR and is_verified is not None and not is_verified()


def may_read_personal_data(user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.agency_id is not None
        and (user.has_role(*CASEWORK_ROLES))
        and not second_factor_missing(user)
    )


def may(user, action: str, obj=None) -> bool:
    """Answer whether ``user`` may do ``action`` (optionally to ``obj``)."""
    if not getattr(user, "is_authenticated", False) or second_factor_missing(user):
        return False
    rule = RULES.get(action)
    if rule is None:
        raise KeyError(f"No access rule for {action!r}")
    return rule(user, obj)


def _roles(*roles: str):
    return lambda user, obj=None: user.has_role(*roles)


def _can_view(user, obj) -> bool:
    if obj is None:
        return may_read_personal_data(user)
    if getattr(obj, "is_data_subject", False):
        return _may_open(user, obj)  # remembered for the rest of the request
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


RULES = {
    "record.view": _can_view,
    "record.view_access_log": lambda user, obj=None: (
        user.has_role(*ACCESS_LOG_ROLES)
        and (obj is None or _can_view(user, obj) or user.has_role(Role.SYSTEM_ADMINISTRATOR))
    ),
    "audit.verify": _roles(Role.SYSTEM_ADMINISTRATOR),
    "admin.users": _roles(Role.SYSTEM_ADMINISTRATOR),
}


def register_rule(action: str, rule) -> None:
    """Let a domain app add its own rule (called from its AppConfig.ready)."""
    RULES[action] = rule


def _live_shares(model, agency_id):
    now = timezone.now()
    return RecordShare.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        shared_with_id=agency_id,
        revoked_at__isnull=True,
    ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def _scoped(user, model, shares, *, grants=False) -> models.QuerySet:
    if not is_personal_data_model(model):
        raise TypeError(f"{model.__name__} is not a personal-data model")
    manager = model._default_manager
    if grants and _reading_exceptionally(user):
        return manager.all()
    if not may_read_personal_data(user):
        return manager.none()
    shared_ids = shares(model, user.agency_id).values("object_id")
    allowed = Q(owning_agency_id=user.agency_id) | Q(pk__in=shared_ids)
    if grants:
        for read_grants in _READ_GRANTS:
            allowed |= Q(pk__in=read_grants(user, model))
    return manager.filter(allowed)


# Sources of time-limited reading rights one person holds over single records outside their
# agency's scope (break-glass access): ``fn(user, model) -> queryset of object ids``,
# registered by the governance app. They count like a read share, never for change.
_READ_GRANTS: list = []


def register_read_grants(source) -> None:
    if source not in _READ_GRANTS:
        _READ_GRANTS.append(source)


# One person reading every agency's records for the length of one block, for one purpose the
# caller audits: gathering a subject access request (governance). Never for change, never
# outside the block, never for anyone else on the same thread.
_exceptional_reader: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "exceptional_reader", default=None
)


@contextmanager
def exceptional_reading(user):
    """Let ``user`` read every agency's records inside the block (:func:`visible` only;
    :func:`changeable` is untouched). The caller checks the user's role and audits the read."""
    token = _exceptional_reader.set(user.pk)
    try:
        yield
    finally:
        _exceptional_reader.reset(token)


def visible(user, model: type[models.Model]) -> models.QuerySet:
    """The rows of a personal-data model this user may see: their agency's, plus live shares,
    plus records a live break-glass grant opens to this user for reading.

    Within one request the query is built once per user and model and copied for each caller
    (building it is most of the cost of asking); the query is lazy, so a share made during
    the request is still honoured, and a share made or revoked forgets it anyway."""
    built = _visible_queries.get()
    if built is None or _exceptional_reader.get() is not None:
        return _scoped(user, model, _live_shares, grants=True)
    key = (getattr(user, "pk", None), second_factor_missing(user), model)
    scoped = built.get(key)
    if scoped is None:
        scoped = built[key] = _scoped(user, model, _live_shares, grants=True)
    return scoped.all()


def changeable(user, model: type[models.Model]) -> models.QuerySet:
    """The rows of a personal-data model this user may CHANGE.

    Their agency's own rows, plus rows shared with their agency by a live share that says it
    permits change (``RecordShare.permits_change``). A share opens a record for reading only
    unless it says otherwise, so seeing a record is never enough to change it.
    """
    return _scoped(
        user, model, lambda m, agency_id: _live_shares(m, agency_id).filter(permits_change=True)
    )


def _refuse(model, pk, purpose: str, message: str) -> AccessDenied:
    return AccessDenied(message, record=(model._meta.label_lower, pk), purpose=purpose)


def _must_belong(model, pk, within: dict | None) -> None:
    """404 unless the record names the parents its URL names (``within={"person": person}``)."""
    if within is not None and not model._default_manager.filter(pk=pk, **within).exists():
        raise Http404


def get_visible_or_403(
    user, model: type[models.Model], pk, *, purpose: str = "", within: dict | None = None
):
    """Fetch one record the user may see; raise 403 (audited by the 403 page) otherwise.

    A record that does not exist at all is a 404; one that exists but belongs to another
    agency without a share is a 403, and the attempt is written to the audit log. A nested
    URL names its parents in ``within``: a record that does not belong to them is a 404.
    """
    _must_belong(model, pk, within)
    try:
        return visible(user, model).get(pk=pk)
    except model.DoesNotExist:
        if not model._default_manager.filter(pk=pk).exists():
            raise Http404 from None
        raise _refuse(
            model, pk, purpose or "open record", "You do not have access to this record."
        ) from None


CHANGE_REFUSED = (
    "This record belongs to another agency. It has been shared with you to read, not to change."
)


def get_changeable_or_403(
    user, model: type[models.Model], pk, *, purpose: str = "", within: dict | None = None
):
    """Fetch one record the user may change; raise 403 (audited by the 403 page) otherwise.

    404 for a record that does not exist; 403 (audited) for one the user may not change,
    whether they cannot see it at all or hold it only through a read share. ``within`` as
    for :func:`get_visible_or_403`.
    """
    _must_belong(model, pk, within)
    try:
        return changeable(user, model).get(pk=pk)
    except model.DoesNotExist:
        if not model._default_manager.filter(pk=pk).exists():
            raise Http404 from None
        raise _refuse(model, pk, purpose or "change record", CHANGE_REFUSED) from None


def require_changeable(user, obj, *, purpose: str = "") -> None:
    """Raise 403 unless ``user`` may change ``obj`` (see :func:`changeable`).

    For services handed a record that was opened for reading: call it before any write.
    """
    model = type(obj)
    if not changeable(user, model).filter(pk=obj.pk).exists():
        raise _refuse(model, obj.pk, purpose or "change record", CHANGE_REFUSED)


def require(user, action: str, obj=None, *, record=None) -> None:
    """Raise 403 unless the policy allows the action (the refusal is audited once, by the
    403 page, naming the action and the record).

    ``record`` names what the attempt was about (a ``(label, pk)`` pair) when a role is
    checked before the record is opened, so that a refusal is never logged as a view.
    """
    if not may(user, action, obj):
        raise AccessDenied(
            "You do not have permission to do this.",
            record=obj if obj is not None else record,
            purpose=action,
        )


@dataclass(frozen=True)
class ChildReference:
    """How a page names a child: what the viewer may see of them, and where they may go.

    ``href`` is set only when the viewer may open the child's record (ADR 0009).
    """

    name: str
    age: int | None = None
    href: str = ""

    @property
    def label(self) -> str:
        """The name to show: with the age for a partner, who has no record to look it up in."""
        if self.href or self.age is None:
            return self.name
        return f"{self.name} (age {self.age})"


def _age(date_of_birth, today: dt.date) -> int | None:
    if date_of_birth is None:
        return None
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


# Which people a viewer may open, remembered for the rest of one request once a list has
# asked for all its rows at once (``remember_visibility``), so that a page naming a child on
# every row asks the database once, not once per row. Outside a request (``visibility_scope``
# not entered) nothing is remembered; a share made during the request forgets it all.
_visibility: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "person_visibility", default=None
)
_visible_queries: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "visible_queries", default=None
)
# What each viewer may read of each label on each owning agency's records (``withheld``).
_withheld_answers: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "withheld_answers", default=None
)


@contextmanager
def visibility_scope():
    """Remember visibility answers, and the visibility queries themselves, within the block
    (one request)."""
    token, queries = _visibility.set({}), _visible_queries.set({})
    answers = _withheld_answers.set({})
    try:
        yield
    finally:
        _visibility.reset(token)
        _visible_queries.reset(queries)
        _withheld_answers.reset(answers)


def remember_visibility(user, people: Iterable) -> None:
    """Ask once whether ``user`` may open each of ``people``, for ``child_reference`` to use."""
    known = _visibility.get()
    people = [p for p in people if p is not None]
    if known is None or not people:
        return
    ids = {p.pk for p in people} - {pk for (viewer, pk) in known if viewer == user.pk}
    if not ids:
        return
    may_open = set(visible(user, type(people[0])).filter(pk__in=ids).values_list("pk", flat=True))
    known.update({(user.pk, pk): pk in may_open for pk in ids})


def forget_visibility() -> None:
    """Forget what was remembered (a share or its revocation changed who may see what)."""
    for remembered in (_visibility.get(), _visible_queries.get()):
        if remembered is not None:
            remembered.clear()


def _may_open(user, person) -> bool:
    known = _visibility.get()
    if known is not None and (user.pk, person.pk) in known:
        return known[(user.pk, person.pk)]
    may_open = visible(user, type(person)).filter(pk=person.pk).exists()
    if known is not None:
        known[(user.pk, person.pk)] = may_open
    return may_open


def child_reference(user, person) -> ChildReference:
    """The one rule for naming a child on a page about a record that concerns them (ADR 0009).

    A viewer who may open the child's record gets the child's full name, age and a link to
    the record. A partner who holds only a shared sub-record (an action they own, an
    interview they hold, an episode shared with them) gets the minimum to do the work: the
    child's first and last name and age, and no link to a record they cannot open.
    """
    age = _age(person.date_of_birth, timezone.localdate())
    if _may_open(user, person):
        return ChildReference(
            name=person.full_name, age=age, href=reverse("register:person", args=[person.pk])
        )
    return ChildReference(name=f"{person.given_name} {person.family_name}", age=age)


def _reading_exceptionally(user) -> bool:
    reader = _exceptional_reader.get()
    return reader is not None and reader == getattr(user, "pk", None)


@dataclass(frozen=True)
class Withheld:
    """What a viewer reads in place of a labelled value they are not entitled to: that
    something is withheld, what kind of information it is and whom to ask, never the value."""

    label: str
    owner: str

    @property
    def text(self) -> str:
        entitlement = ENTITLEMENTS[self.label]
        return f"Withheld: {entitlement.withheld}. {entitlement.ask.format(owner=self.owner)}"


def _entitled_anywhere(user, rule) -> bool:
    return bool(rule.roles) and (
        user.has_role(*rule.roles)
        and (not rule.agency_types or user.agency.agency_type in rule.agency_types)
    )


def _entitled_as_owner(user, rule) -> bool:
    return rule.owning_agency and (not rule.owner_roles or user.has_role(*rule.owner_roles))


def entitled(user, label: str, owning_agency_id) -> bool:
    """Whether ``user`` may read what ``label`` withholds on a record ``owning_agency_id`` owns
    (core.sensitivity.ENTITLEMENTS). Reading under :func:`exceptional_reading` (a subject
    access request, reviewed before release) is entitled."""
    if not label or _reading_exceptionally(user):
        return True
    if not may_read_personal_data(user):
        return False
    rule = ENTITLEMENTS[label]
    if _entitled_as_owner(user, rule) and user.agency_id == owning_agency_id:
        return True
    return _entitled_anywhere(user, rule)


def withheld_where(user, model: type[models.Model]) -> Q | None:
    """A condition matching the rows of ``model`` whose labelled fields ``user`` may not read
    (None: none are withheld from them). A model's ``LABEL_WHERE`` says how a label is stored
    when it is not its ``sensitivity`` field. For finding records by a labelled value (a
    postcode, an address), so that a match never tells what a label withholds."""
    if _reading_exceptionally(user):
        return None
    reads = may_read_personal_data(user)
    where = getattr(model, "LABEL_WHERE", {})
    held = None
    for label in getattr(model, "LABELS", ()):
        rule = ENTITLEMENTS[label]
        if reads and _entitled_anywhere(user, rule):
            continue
        condition = where.get(label, Q(sensitivity=label))
        if reads and _entitled_as_owner(user, rule):
            condition &= ~Q(owning_agency_id=user.agency_id)
        author = getattr(model, "AUTHOR_FIELD", None)
        if author:
            condition &= ~Q(**{author: getattr(user, "pk", None)})
        held = condition if held is None else held | condition
    return held


def withheld_rows(user, model: type[models.Model]) -> models.QuerySet:
    """The rows of ``model`` this user may see but whose labelled fields they may not read."""
    held = withheld_where(user, model)
    return visible(user, model).filter(held) if held is not None else model._default_manager.none()


def readable(user, model: type[models.Model]) -> models.QuerySet:
    """The rows of ``model`` this user may see (:func:`visible`) whose labelled fields they may
    read too."""
    rows = visible(user, model)
    held = withheld_where(user, model)
    return rows if held is None else rows.exclude(held)


def withheld(user, record, field: str | None = None) -> Withheld | None:
    """The one answer to "may this viewer read this labelled value?": ``None`` when they may
    (or the record or ``field`` carries no label), otherwise what to show instead.

    ``field`` is one of the fields the model withholds (``WITHHELD_FIELDS``); another field of
    the record is never withheld, and ``None`` asks about the record as a whole. Whoever wrote
    the record (its ``AUTHOR_FIELD``, where the model names one) always reads what they wrote.
    Within one request the answer is remembered per viewer, label and owning agency."""
    label = label_of(record)
    if not label or (field is not None and field not in getattr(record, "WITHHELD_FIELDS", ())):
        return None
    author = getattr(record, "AUTHOR_FIELD", None)
    if _reading_exceptionally(user) or (author and getattr(record, author) == user.pk):
        return None
    owner_id = record.owning_agency_id
    known = _withheld_answers.get()
    key = (getattr(user, "pk", None), label, owner_id)
    if known is not None and key in known:
        return known[key]
    answer = None
    if not entitled(user, label, owner_id):
        answer = Withheld(label, Agency.objects.get(pk=owner_id).name)
    if known is not None:
        known[key] = answer
    return answer


def shown(user, record, field: str) -> str:
    """A labelled field's value as this viewer may read it: the value, or the withheld words."""
    held = withheld(user, record, field)
    return held.text if held else (getattr(record, field) or "")


def label_shown(user, record) -> str:
    """The name of the record's label for a viewer entitled to read it (for a tag beside the
    value), or "" (no label, or the viewer reads the withheld words instead)."""
    label = label_of(record)
    if not label or withheld(user, record) is not None:
        return ""
    return label_name(label)


@receiver([post_save, post_delete], sender=RecordShare)
def _share_changed(**kwargs) -> None:
    forget_visibility()
