"""How figures read on a page: values, changes, breakdowns and the rows behind a figure."""

from __future__ import annotations

from django.urls import reverse

from triangulate.core.presenters import child_cell, uk_date

from .measures import Figure, Measure
from .periods import Period


def value_text(measure: Measure, figure: Figure) -> str:
    text = measure.format(figure.value)
    if measure.is_rate and figure.denominator:
        text += f" ({len(figure.numerator)} of {len(figure.denominator)})"
    return text


def drill_href(measure: Measure, period: Period, part: str = "numerator") -> str:
    href = reverse(
        "performance:records",
        kwargs={"slug": measure.slug, "year": period.start.year, "month": period.start.month},
    )
    return href + ("?list=denominator" if part == "denominator" else "")


def catalogue_rows(lines) -> list[list[dict]]:
    rows = []
    for line in lines:
        m = line.measure
        rows.append(
            [
                {"text": m.figure_id},
                {
                    "link": {
                        "href": reverse("performance:measure", kwargs={"slug": m.slug}),
                        "text": m.name,
                    },
                    "note": f"Definition version {m.version}",
                },
                {
                    "link": {
                        "href": drill_href(m, line.current),
                        "text": value_text(m, line.now),
                        "hidden": f"records behind {m.name}, {line.current.label}",
                    },
                    "format": "numeric",
                },
                {
                    "link": {
                        "href": drill_href(m, line.current.previous()),
                        "text": value_text(m, line.before),
                        "hidden": f"records behind {m.name}, {line.current.previous().label}",
                    },
                    "format": "numeric",
                },
            ]
        )
    return rows


def definition_rows(measure: Measure) -> list[dict]:
    rows = [
        ("Figure", measure.figure_id),
        ("Definition version", str(measure.version)),
        ("Numerator" if measure.is_rate else "What is counted", measure.numerator),
    ]
    if measure.is_rate:
        rows.append(("Denominator", measure.denominator))
    rows += [
        ("Period", measure.period),
        ("Counting rules", measure.counting),
        ("Computed from", measure.source),
        ("What good looks like", measure.good),
    ]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def series_rows(measure: Measure, points) -> list[list[dict]]:
    rows = []
    for period, figure in reversed(points):
        row = [
            {"text": period.label},
            {
                "link": {
                    "href": drill_href(measure, period),
                    "text": value_text(measure, figure),
                    "hidden": f"records behind the figure for {period.label}",
                }
            },
        ]
        rows.append(row)
    return rows


def breakdown_rows(figure: Figure) -> list[list[dict]]:
    return [
        [{"text": label}, {"text": f"{n:,}", "format": "numeric"}] for label, n in figure.breakdown
    ]


def quality_lines(figure: Figure) -> list[str]:
    return [f"{q.count:,} of {q.of:,} {q.text}." for q in figure.quality if q.of]


def _record_cells(user, record) -> list[dict]:
    label = record._meta.label_lower
    if label == "register.person":
        return [child_cell(user, record), {"text": "Child's record"}, {"text": ""}]
    person = getattr(record, "person", None)
    child = child_cell(user, person) if person else {"text": "Not yet linked to a child"}
    if label == "casework.case":
        link = {
            "href": reverse("casework:case", args=[record.pk]),
            "text": f"Case {record.reference}",
        }
        when = uk_date(record.opened_at)
    elif label == "frontdoor.contact":
        link = {
            "href": reverse("frontdoor:contact", args=[record.pk]),
            "text": f"Contact {record.reference}",
        }
        when = uk_date(record.received_at)
    elif label == "missing.missingepisode":
        link = {"href": reverse("missing:episode", args=[record.pk]), "text": "Missing episode"}
        when = uk_date(record.started_at)
    else:
        return [child, {"text": str(record)}, {"text": ""}]
    return [child, {"link": link}, {"text": when}]


def record_rows(user, records) -> list[list[dict]]:
    return [_record_cells(user, record) for record in records]
