"""Display helpers shared by every app: UK dates and times, clock tags, summary-list rows."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from .access import child_reference, label_shown, withheld
from .clocks import LONDON, Clock, ClockState

# A page lists at most this many rows of one list and says how many there are in all: on a
# borough of tens of thousands of children a list of every row is neither read nor fast
# (each row of a GOV.UK table costs about a millisecond to draw; an overview shows three).
LIST_LIMIT = 50


def first_rows(rows, limit: int | None = None) -> tuple[list, int]:
    """The first ``limit`` (default ``LIST_LIMIT``) of ``rows``, already in the order the page
    wants, and how many there are in all. A query is counted and cut in the database, so a
    list of thousands reads only the rows the page shows."""
    limit = LIST_LIMIT if limit is None else limit
    if isinstance(rows, QuerySet):
        return list(rows[:limit]), rows.count()
    rows = list(rows)
    return rows[:limit], len(rows)


def uk_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, LONDON).date()
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value, LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minute = f":{local.minute:02d}" if local.minute else ""
    return f"{uk_date(local)} at {hour}{minute}{suffix}"


def age_on(date_of_birth: dt.date | None, on: dt.date | None = None) -> int | None:
    if date_of_birth is None:
        return None
    on = on or timezone.localdate()
    return (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )


CLOCK_TAGS = {
    ClockState.ON_TIME: ("On time", "govuk-tag--green"),
    ClockState.DUE_SOON: ("Due soon", "govuk-tag--yellow"),
    ClockState.OVERDUE: ("Overdue", "govuk-tag--red"),
    ClockState.MET: ("Done on time", "govuk-tag--grey"),
    ClockState.MISSED: ("Done late", "govuk-tag--orange"),
}


def clock_tag(value: Clock) -> dict:
    text, classes = CLOCK_TAGS[value.state]
    return {"text": text, "classes": classes}


def summary_rows(rows: list[tuple[str, object]]) -> list[dict]:
    """Rows for govukSummaryList from (label, value) pairs; empty values read 'Not known'."""
    return [
        {
            "key": {"text": label},
            "value": {"text": str(value) if value not in (None, "") else "Not known"},
        }
        for label, value in rows
    ]


FILTERS = {
    "uk_date": uk_date,
    "uk_datetime": uk_datetime,
    "clock_tag": clock_tag,
}


def sensitivity_tag(name: str) -> dict | None:
    """A GOV.UK tag naming a sensitivity label, or None for no label."""
    return {"text": name, "classes": "govuk-tag--purple"} if name else None


def labelled(user, record, cell: dict) -> dict:
    """A table cell about a labelled record: the label's tag for a viewer entitled to read it,
    a line saying what is withheld and whom to ask for one who is not (core.access.withheld)."""
    held = withheld(user, record)
    if held is not None:
        return {**cell, "note": held.text}
    tag = sensitivity_tag(label_shown(user, record))
    return {**cell, "tags": [*cell.get("tags", []), tag]} if tag else cell


def child_cell(user, person) -> dict:
    """A table cell naming a child as ADR 0009 allows: a link only when the viewer may open
    the child's record (``core.access.child_reference``)."""
    child = child_reference(user, person)
    if not child.href:
        return {"text": child.label}
    return {"link": {"href": child.href, "text": child.label}}


# "My work": every app's work in one list, led by counts by kind and urgency.
URGENCIES = (
    ("overdue", "Overdue"),
    ("week", "Due within 7 days"),
    ("later", "Due later"),
    ("undated", "No date"),
)
URGENCY_LABELS = dict(URGENCIES)
DUE_SOON_DAYS = 7


def _due_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, LONDON).date()
    return value


def urgency(item, today: dt.date) -> str:
    """Overdue (the provider's judgement), due within a week, due later, or undated."""
    due = _due_date(item.due_at)
    if item.overdue:
        return "overdue"
    if due is None:
        return "undated"
    return "week" if due <= today + dt.timedelta(days=DUE_SOON_DAYS) else "later"


def _query(kinds, due) -> str:
    params = [("kind", k) for k in sorted(kinds)] + ([("due", due)] if due else [])
    return "?" + urlencode(params) if params else "?"


def _urgency_conditions(query, today: dt.date) -> dict[str, Q]:
    """The urgency rule of ``urgency`` as conditions on a section's rows."""
    field = query.rows.model._meta.get_field(query.due_field)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    if isinstance(field, models.DateTimeField):
        # Due on or before the seventh day from today, London time.
        after_soon = dt.datetime.combine(soon + dt.timedelta(days=1), dt.time(), tzinfo=LONDON)
        within = Q(**{f"{query.due_field}__lt": after_soon})
    else:
        within = Q(**{f"{query.due_field}__lte": soon})
    dated = Q(**{f"{query.due_field}__isnull": False})
    return {
        "overdue": query.overdue,
        "week": ~query.overdue & dated & within,
        "later": ~query.overdue & dated & ~within,
        "undated": ~query.overdue & ~dated,
    }


def _work_counts(query, today: dt.date) -> dict[str, int]:
    conditions = _urgency_conditions(query, today)
    return query.rows.order_by().aggregate(
        **{u: models.Count("pk", filter=condition) for u, condition in conditions.items()}
    )


def _first_work_items(query, today: dt.date, due: str) -> list:
    rows = query.rows
    if due:
        rows = rows.filter(_urgency_conditions(query, today)[due])
    return query.items(list(rows[:LIST_LIMIT]))


def work_overview(sections, *, today: dt.date, kinds=(), due: str = "") -> dict:
    """Display data for the "My work" page: counts by kind and urgency, the urgency
    sub-navigation and kind filter (as GET parameters ``due`` and ``kind``), and the
    rows the filters keep, overdue first and then by date."""
    due = due if due in URGENCY_LABELS else ""
    known = {slugify(s.title) for s in sections}
    kinds = {k for k in kinds if k in known}
    rows, summary, rows_total = [], [], 0
    for section in sections:
        key = slugify(section.title)
        selected = not kinds or key in kinds
        if section.query is not None:
            counts = _work_counts(section.query, today)
            items = _first_work_items(section.query, today, due) if selected else []
        else:
            counts = dict.fromkeys(URGENCY_LABELS, 0)
            for item in section.items:
                counts[urgency(item, today)] += 1
            items = section.items
        if selected:
            rows_total += counts[due] if due else sum(counts.values())
        for item in items:
            level = urgency(item, today)
            if selected and (not due or level == due):
                rows.append(
                    {
                        "item": item,
                        "kind": section.title,
                        "urgency": level,
                        "urgency_label": URGENCY_LABELS[level],
                        "due": _due_date(item.due_at),
                    }
                )
        summary.append(
            {
                "key": key,
                "title": section.title,
                "empty_text": section.empty_text,
                "counts": [(counts[u], _query({key}, u)) for u, _ in URGENCIES],
                "total": sum(counts.values()),
                "href": _query({key}, ""),
                "selected": key in kinds,
            }
        )
    order = {u: i for i, (u, _) in enumerate(URGENCIES)}
    rows.sort(key=lambda r: (order[r["urgency"]], r["due"] or dt.date.max, r["kind"]))
    totals = {u: sum(s["counts"][i][0] for s in summary) for i, (u, _) in enumerate(URGENCIES)}
    navigation = [
        {
            "text": f"All ({sum(totals.values())})",
            "href": _query(kinds, ""),
            "active": not due,
        }
    ] + [
        {"text": f"{label} ({totals[u]})", "href": _query(kinds, u), "active": due == u}
        for u, label in URGENCIES
    ]
    selected = []
    if kinds:
        selected.append(
            {
                "heading": "Kind of work",
                "items": [
                    {"text": s["title"], "href": _query(kinds - {s["key"]}, due)}
                    for s in summary
                    if s["key"] in kinds
                ],
            }
        )
    if due:
        selected.append(
            {
                "heading": "When",
                "items": [{"text": URGENCY_LABELS[due], "href": _query(kinds, "")}],
            }
        )
    summary_rows = []
    for kind in summary:
        cells = [{"text": kind["title"]}]
        if kind["total"]:
            cells += [
                {
                    "link": {
                        "href": href,
                        "text": str(count),
                        "hidden": f"{label.lower()}: {kind['title']}",
                    }
                }
                if count
                else {"text": "0"}
                for (count, href), (_, label) in zip(kind["counts"], URGENCIES, strict=True)
            ]
            cells.append(
                {
                    "link": {
                        "href": kind["href"],
                        "text": str(kind["total"]),
                        "hidden": f"in all: {kind['title']}",
                    }
                }
            )
            for cell in cells[1:]:
                cell["format"] = "numeric"
        else:
            cells.append({"text": kind["empty_text"], "colspan": len(URGENCIES) + 1})
        summary_rows.append(cells)
    return {
        "summary": summary,
        "summary_rows": summary_rows,
        "summary_head": [{"text": "Kind of work"}]
        + [{"text": label, "format": "numeric"} for _, label in URGENCIES]
        + [{"text": "All", "format": "numeric"}],
        "urgencies": URGENCIES,
        "totals": totals,
        "due_navigation": navigation,
        "selected": selected,
        "clear_href": "?",
        "kind_filter": [
            {"value": s["key"], "text": f"{s['title']} ({s['total']})", "checked": s["selected"]}
            for s in summary
        ],
        "due": due,
        # The counts above are of all the work; the table shows the first rows of what the
        # filters keep (overdue first), and says how many there are.
        "rows": rows[:LIST_LIMIT],
        "rows_total": rows_total,
        "filtered": bool(kinds or due),
    }
