"""Extension points through which domain apps add to shared pages without core importing them.

An app names its providers as dotted paths on its AppConfig:

* ``timeline_provider`` — ``fn(user, person) -> list[TimelineEntry]``: what the app knows
  about a person that this user may see, for the single timeline on the person's page.
* ``chronology_provider`` — ``fn(user, person) -> list[TimelineEntry]``: the significant
  events the app knows about a child that this user may see, for the child's chronology (a
  review's account of what happened and who knew). An app without one contributes its
  timeline entries; an app names one to choose what counts as significant (casework gives
  only notes marked significant, not every phone call).
* ``person_panels_provider`` — ``fn(request, person) -> list[Panel]``: sections of the
  person's page (flags, risk status, missing episodes ...), already rendered to HTML.
* ``my_work_provider`` — ``fn(user) -> list[WorkSection]``: the user's own work (cases,
  tasks, decisions and actions due) on the "My work" page. A section that can run to
  thousands (an agency's interviews waiting, a manager's sign-offs) gives a ``WorkQuery``
  instead of its items: the page counts it in the database and reads only the rows it shows.
* ``indicator_evidence_provider`` — ``fn(user, person) -> list[IndicatorEvidence]``: what
  the app's records this user may see already show about a child that a risk tool's
  indicators may ask about (a missing episode, a flag, a concern raised in a contact), each
  named by a ``kind`` such as ``"missing.episode"``. Risk tools say which kinds answer which
  indicator, so the risk app never imports the app that holds the record.
* ``record_links_provider`` — ``fn(user, record) -> list[RecordLink]``: records the app
  holds that were started from ``record`` (another app's), that this user may see: the
  strategy discussions started from a front-door contact, say, linked from the contact's page
  without the front door importing casework.
* ``oversight_provider`` — ``fn(user, person_ids) -> list[OversightItem]``: what is overdue
  about these children in the app's records this user may see (a risk assessment whose
  review date has passed, a child never assessed), for a team manager's oversight of the
  children on the team's open cases, without casework importing the app that knows.
* ``agenda_provider`` — ``fn(user, since, held_at) -> list[AgendaSubject]``: what else
  than a child a MACE panel meeting at ``held_at`` should discuss (a person of concern, a
  place, a peer group), from the app's records this user may see, each with its reasons in
  words; ``since`` is when the last panel met. A reason that tells of a record not everyone at the table may
  see names it (``about``) and says what the others read instead (``withheld``).
* ``agenda_lookup_provider`` — ``fn(user, kind, pk) -> AgendaSubject | None``: one record
  of a kind the app names in its AppConfig's ``agenda_subject_kinds`` (``{"concern": "Person
  of concern", ...}``), by its number, if this user may see it (no reasons): what a chair puts
  on a MACE agenda by hand.
* ``event_handlers`` — ``{"event.name": "dotted.path.to.handler"}``: domain events one app
  announces with :func:`publish` and others act on (for example a new contact or a missing
  episode prompting an early risk review). Handlers are called in the publisher's
  transaction, explicitly, never through Django signals.

Providers must read personal data through ``core.access``. What the timeline and the panels
show is audited here, once per page, naming the person as the subject (see ADR 0005).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from .audit import audit, audit_shown
from .models import AuditAction


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: dt.datetime
    title: str
    description: str = ""
    agency: str = ""
    kind: str = ""
    href: str = ""
    # The sensitivity label of what the description shows, for a viewer entitled to read it
    # (a viewer who is not reads the withheld words as the description instead).
    label: str = ""


@dataclass(frozen=True)
class Panel:
    title: str
    html: str
    order: int = 100


@dataclass(frozen=True)
class WorkItem:
    text: str
    href: str = ""
    due_at: dt.datetime | dt.date | None = None
    overdue: bool = False
    detail: str = ""
    # The record the item is about, so that the page's audit entry names it and its child.
    record: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RecordLink:
    text: str
    href: str


@dataclass(frozen=True)
class OversightItem:
    """Something overdue about one child, for a manager's oversight, with where to act."""

    person_id: int
    text: str
    href: str
    due_on: dt.date | None = None
    detail: str = ""
    # The record it is about (for the page's audit entry); None when nothing exists yet.
    record: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class IndicatorEvidence:
    """One thing the records show that a risk indicator may ask about, with its source."""

    kind: str
    occurred_on: dt.date
    source: str
    href: str = ""


@dataclass(frozen=True)
class AgendaReason:
    """Why something is due for discussion, in words. ``text`` may tell of a record
    (``about``: its model label and key) that not everyone at the table may see: they read
    ``withheld``, which says only that there is something to discuss."""

    text: str
    about: tuple[str, int] | None = None
    withheld: str = ""


@dataclass(frozen=True)
class AgendaSubject:
    """Something other than a child due for discussion at a meeting: the record, its name and
    page for those who may see it, and why it is due."""

    record: Any = field(compare=False, repr=False)
    label: str
    href: str
    reasons: list[AgendaReason]


@dataclass(frozen=True)
class WorkQuery:
    """A section's work as a query, for lists too long to read whole.

    ``rows`` are soonest due first; ``due_field`` names their due date or time; ``overdue`` is
    the app's rule for overdue as a condition on the rows; ``items`` turns a slice of rows into
    the section's items (one call for the slice, so it can read what they need at once)."""

    rows: QuerySet
    due_field: str
    overdue: Q
    items: Callable[[list], list[WorkItem]]

    def every_item(self) -> list[WorkItem]:
        return self.items(list(self.rows))


@dataclass(frozen=True)
class WorkSection:
    title: str
    items: list[WorkItem] = field(default_factory=list)
    empty_text: str = "Nothing here."
    order: int = 100
    query: WorkQuery | None = None

    def every_item(self) -> list[WorkItem]:
        """All the section's items, however many (for a letter or a test, not a page)."""
        return self.query.every_item() if self.query else self.items


def _providers(attribute: str):
    for config in apps.get_app_configs():
        path = getattr(config, attribute, None)
        if path:
            yield import_string(path)


def timeline(user, person, *, purpose: str = "view the timeline") -> list[TimelineEntry]:
    """Everything about a person this user may see, from every app, newest first."""
    entries = sorted(
        (entry for provider in _providers("timeline_provider") for entry in provider(user, person)),
        key=lambda e: e.occurred_at,
        reverse=True,
    )
    audit(
        user,
        AuditAction.VIEW,
        person,
        purpose,
        detail={"shown": [[e.kind, e.agency, e.href] for e in entries]},
    )
    return entries


def chronology(user, person) -> list[TimelineEntry]:
    """The significant events about a child this user may see, from every app, oldest first.

    Not audited here: the page or export that shows them writes one entry naming what it
    showed (a chronology is read far more often as a download than on screen).
    """
    entries = []
    for config in apps.get_app_configs():
        path = getattr(config, "chronology_provider", None) or getattr(
            config, "timeline_provider", None
        )
        if path:
            entries.extend(import_string(path)(user, person))
    return sorted(entries, key=lambda e: (e.occurred_at, e.kind, e.title))


def person_panels(request, person) -> list[Panel]:
    panels = sorted(
        (
            panel
            for provider in _providers("person_panels_provider")
            for panel in provider(request, person)
        ),
        key=lambda p: p.order,
    )
    audit(
        request.user,
        AuditAction.VIEW,
        person,
        "view the record's panels",
        detail={"shown": [panel.title for panel in panels]},
    )
    return panels


def my_work(user) -> list[WorkSection]:
    """Every app's sections of this user's work, in order (the page audits what it shows)."""
    return sorted(
        (section for provider in _providers("my_work_provider") for section in provider(user)),
        key=lambda s: s.order,
    )


def audit_work_shown(user, items) -> None:
    """One entry for the My work page: every record it listed and every child they concern."""
    shown = [item.href for item in items]
    records = [item.record for item in items if item.record is not None]
    if records:
        audit_shown(user, records, "view My work", shown=shown)
    elif shown:
        audit(user, AuditAction.VIEW, None, "view My work", detail={"shown": shown})


def record_links(user, record) -> list[RecordLink]:
    """What every app started from ``record`` that this user may see (not audited: the page
    showing ``record`` audits itself, and a link names no more than its date and kind)."""
    return [
        link for provider in _providers("record_links_provider") for link in provider(user, record)
    ]


def oversight(user, person_ids) -> list[OversightItem]:
    """What every app says is overdue about these children (not audited: the oversight page
    audits what it shows)."""
    ids = list(person_ids)
    if not ids:
        return []
    return [item for provider in _providers("oversight_provider") for item in provider(user, ids)]


def agenda_subjects(user, *, since: dt.datetime, held_at: dt.datetime) -> list[AgendaSubject]:
    """What every app says a MACE panel at ``held_at`` should discuss besides children (not
    audited here: the meeting that puts them on its agenda audits them)."""
    return [
        subject
        for provider in _providers("agenda_provider")
        for subject in provider(user, since, held_at)
    ]


def agenda_subject_kinds() -> dict[str, str]:
    """{kind: label} for every kind of record besides a child a chair may put on a MACE agenda
    by hand."""
    kinds: dict[str, str] = {}
    for config in apps.get_app_configs():
        kinds.update(getattr(config, "agenda_subject_kinds", {}))
    return kinds


def agenda_subject(user, kind: str, pk: int) -> AgendaSubject | None:
    """The record of ``kind`` numbered ``pk``, if this user may see it (not audited here: the
    meeting that puts it on its agenda audits it)."""
    for provider in _providers("agenda_lookup_provider"):
        subject = provider(user, kind, pk)
        if subject is not None:
            return subject
    return None


def indicator_evidence(user, person) -> list[IndicatorEvidence]:
    """What every app's records this user may see show about the child, newest first."""
    entries = [
        entry
        for provider in _providers("indicator_evidence_provider")
        for entry in provider(user, person)
    ]
    return sorted(entries, key=lambda e: (e.occurred_on, e.kind), reverse=True)


class UnknownEvent(LookupError):
    """No installed app declares the event published, or it was published with other
    fields than it declares."""


def declared_events() -> dict[str, frozenset[str]]:
    """Every event an installed app declares it publishes (``AppConfig.events``), with the
    names of what it carries."""
    declared: dict[str, frozenset[str]] = {}
    for config in apps.get_app_configs():
        for name, fields in (getattr(config, "events", None) or {}).items():
            declared[name] = frozenset(fields)
    return declared


def publish(event: str, **payload) -> None:
    """Call every installed app's handler for ``event`` with ``payload`` (keyword-only).

    The event must be declared by the app that publishes it, with exactly these fields: a
    misspelt event or a changed payload fails here rather than reaching no one.
    """
    fields = declared_events().get(event)
    if fields is None:
        raise UnknownEvent(f"No installed app declares the event {event!r}")
    if set(payload) != fields:
        raise UnknownEvent(f"The event {event!r} carries {sorted(fields)}, not {sorted(payload)}")
    for config in apps.get_app_configs():
        path = (getattr(config, "event_handlers", None) or {}).get(event)
        if path:
            import_string(path)(**payload)


def links_for(user, attribute: str):
    """Yield ``(href, entry)`` for each app's ``attribute`` entries the user's roles allow.

    Entries are tuples whose last two items are a URL name and the roles allowed (None for
    everyone); used for the navigation and the home page's cards.
    """
    for config in apps.get_app_configs():
        for entry in getattr(config, attribute, []):
            *_, url_name, roles = entry
            if roles is not None and not user.has_role(*roles):
                continue
            try:
                yield reverse(url_name), entry
            except NoReverseMatch:
                continue


def check_event_handlers(app_configs=None, **kwargs) -> list:
    """`manage.py check`: every handler listens for an event an installed app publishes, and
    can be imported."""
    from django.core.checks import Error

    declared = declared_events()
    problems = []
    for config in apps.get_app_configs():
        for event, path in (getattr(config, "event_handlers", None) or {}).items():
            if event not in declared:
                problems.append(
                    Error(
                        f"{config.label} handles the event {event!r}, which no installed app "
                        "publishes",
                        id="triangulate.E001",
                    )
                )
                continue
            try:
                import_string(path)
            except ImportError as error:
                problems.append(
                    Error(f"{config.label}'s handler {path} cannot be imported: {error}",
                          id="triangulate.E002")
                )  # fmt: skip
    return problems
