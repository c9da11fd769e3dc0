"""How figures read on a page: values, changes, breakdowns and the rows behind a figure."""

from __future__ import annotations

from django.urls import reverse

from triangulate.core import access
from triangulate.core import suppression as sdc
from triangulate.core.presenters import child_cell, uk_date

from . import rag, services
from .periods import Period
from .services.measures.base import Figure, Measure
from .spc import MINIMUM, XmR, describe


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


def drill_pagination(drill) -> dict | None:
    """GOV.UK pagination for the records behind a figure: the first and last pages, the
    current one and its neighbours, gaps shown as ellipses; None for a single page."""
    if drill.counts_only or drill.pages < 2:
        return None
    base = drill_href(drill.measure, drill.period, drill.part)
    joiner = "&" if "?" in base else "?"

    def href(number: int) -> str:
        return f"{base}{joiner}page={number}"

    wanted = {1, drill.pages, drill.page - 1, drill.page, drill.page + 1}
    items, last = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= drill.pages):
        if number > last + 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == drill.page})
        last = number
    shown = {"items": items, "landmarkLabel": "Pages of records"}
    if drill.page > 1:
        shown["previous"] = {"href": href(drill.page - 1)}
    if drill.page < drill.pages:
        shown["next"] = {"href": href(drill.page + 1)}
    return shown


def signal_cell(line) -> dict:
    """Whether the latest complete month is a signal on the measure's XmR chart, in words."""
    if line.chart is None or not line.chart.has_limits or line.latest is None:
        return {"text": "Too few months to tell"}
    period, point = line.latest
    if not point.signals:
        return {"text": f"No signal in {period.label}"}
    return {
        "text": f"{period.label}: {describe(point)}",
        "tag": {"text": "Signal", "classes": "govuk-tag--red"},
    }


def status_cell(status) -> dict:
    """A figure's RAG status: the words in a tag and the rule applied beside it."""
    if status is None:
        return {"text": "No target"}
    return {"tag": status.tag(), "note": status.text}


def catalogue_rows(lines, targets: dict) -> list[list[dict]]:
    rows = []
    for line in lines:
        m = line.measure
        gaps = quality_lines(line.now)
        previous = line.current.previous()
        target = services.target_for(m, previous, targets)
        against = status_cell(services.figure_status(m, line.before.value, target))
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
                against,
                signal_cell(line),
                {"text": " ".join(gaps) if gaps else "No gaps found"},
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


def _target_words(target: dict) -> str:
    unit = target["unit"]
    aim = f"{target['target']:g}%" if unit == "%" else f"{target['target']:,g}"
    slack = (
        f"{target['tolerance']:g} percentage points" if unit == "%" else f"{target['tolerance']:,g}"
    )
    better = "higher" if target["higher_is_better"] else "lower"
    return f"{aim}, with a tolerance of {slack} ({better} is better)"


def target_rows(measure: Measure, target, points) -> dict:
    """The measure's target in words, and each month it applies to with its status."""
    if measure.higher_is_better is None:
        return {"summary": "No target: this measure has no better direction, so read its trend."}
    if target is None:
        return {"summary": "No target set."}
    summary = (
        f"Target {_target_words(services.target_written(measure, target))}, from "
        f"{target.first_month:%B %Y} to {target.last_month:%B %Y}. Set by "
        f"{target.set_by.display_name} on {uk_date(target.set_at)}."
    )
    months = []
    for period, figure in reversed(points):
        if not target.applies_to(period.start):
            continue
        status = services.figure_status(measure, figure.value, target)
        months.append(
            [{"text": period.label}, {"text": value_text(measure, figure)}, status_cell(status)]
        )
    return {"summary": summary, "months": months}


def breakdown_rows(figure: Figure) -> list[list[dict]]:
    return [
        [{"text": label}, {"text": f"{n:,}", "format": "numeric"}] for label, n in figure.breakdown
    ]


def dimension_tables(measure: Measure, figure: Figure, only_counts: bool) -> list[dict]:
    """The figure's breakdowns (ward, ethnicity, looked after, agency, team). Those who see
    counts only get small
    numbers suppressed as the public report does (primary and secondary, since the figure
    itself is the total); those who may open the records get every number."""
    tables = []
    for dimension in figure.dimensions:
        labels = [label for label, _n, _of in dimension.rows]
        if measure.is_rate:
            pairs = [(n, of or 0) for _label, n, of in dimension.rows]
            if only_counts:
                cells = sdc.rates(pairs)
            else:
                cells = [
                    f"{100 * n / of:.1f}% ({n:,} of {of:,})" if of else "No records"
                    for n, of in pairs
                ]
            head = "Figure"
        else:
            counts = [n for _label, n, _of in dimension.rows]
            cells = sdc.breakdown(counts)[0] if only_counts else [f"{n:,}" for n in counts]
            head = "Children"
        tables.append(
            {
                "caption": f"By {dimension.name.lower()}",
                "head": [{"text": dimension.name}, {"text": head, "format": "numeric"}],
                "rows": [
                    [{"text": label}, {"text": cell, "format": "numeric"}]
                    for label, cell in zip(labels, cells, strict=True)
                ],
            }
        )
    return tables


def quality_lines(figure: Figure) -> list[str]:
    return [f"{q.count:,} of {q.of:,} {q.text}." for q in figure.quality if q.of]


# Records behind a figure that are not about a child (an adult of concern, a place).
NOT_ABOUT_A_CHILD = {"intelligence.personofconcern", "intelligence.place"}


def _person_of(record):
    label = record._meta.label_lower
    if label == "register.person":
        return record
    return None if label in NOT_ABOUT_A_CHILD else getattr(record, "person", None)


def _record_cells(user, record) -> list[dict]:
    label = record._meta.label_lower
    if label in NOT_ABOUT_A_CHILD:
        return [{"text": "Not a child's record"}, {"text": str(record)}, {"text": ""}]
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
    people = [_person_of(r) for r in records]
    access.remember_visibility(user, people)
    return [_record_cells(user, record) for record in records]


# --- The XmR chart, as numbers a template draws -----------------------------------------------

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return step * -(-value // step)
    return value


def _fmt(measure: Measure, value: float | None) -> str:
    if value is None:
        return ""
    if measure.is_rate:
        return f"{value:.1f}%"
    return f"{value:,.1f}" if value != int(value) else f"{int(value):,}"


def xmr_chart(measure: Measure, points, chart: XmR) -> dict:
    """Coordinates for the chart template: the plotted points, the centre line, the limits,
    the axis ticks; and the words for its title and description."""
    values = [p.value for p in chart.points if p.value is not None]
    upper = chart.upper
    if upper is not None and measure.is_rate:
        upper = min(upper, 100)  # a share cannot be above 100%
    top_value = max([*values, upper or 0, 1])
    top = _nice_top(top_value * 1.05)
    if measure.is_rate:
        top = min(top, 100)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return round(TOP + inner_h - inner_h * max(min(value, top), 0) / top, 1)

    plotted = []
    for i, ((period, _figure), point) in enumerate(zip(points, chart.points, strict=True)):
        x = round(LEFT + (step * i if len(points) > 1 else inner_w / 2), 1)
        if point.value is None:
            continue
        kind = "untested" if not point.tested else ("signal" if point.signals else "routine")
        plotted.append(
            {
                "x": x,
                "y": y(point.value),
                "kind": kind,
                "label": f"{period.short}: {_fmt(measure, point.value)}",
            }
        )
    every = max(1, -(-len(points) // 8))
    x_ticks = [
        {"x": round(LEFT + (step * i if len(points) > 1 else inner_w / 2), 1), "text": p.short}
        for i, (p, _f) in enumerate(points)
        if i % every == 0 or i == len(points) - 1
    ]
    y_ticks = [{"y": y(top * k / 4), "text": _fmt(measure, top * k / 4)} for k in range(5)]
    lines = []
    if chart.has_limits:
        lines = [
            {"y": y(chart.mean), "kind": "mean", "text": f"Mean {_fmt(measure, chart.mean)}"},
            {
                "y": y(upper),
                "kind": "limit",
                "text": f"Upper limit {_fmt(measure, upper)}",
            },
        ]
        if chart.lower > 0:
            lines.append(
                {
                    "y": y(chart.lower),
                    "kind": "limit",
                    "text": f"Lower limit {_fmt(measure, chart.lower)}",
                }
            )
    path = " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}" for i, p in enumerate(plotted))
    if chart.has_limits:
        lower = max(chart.lower, 0)
        summary = (
            f"Mean {_fmt(measure, chart.mean)}, natural process limits "
            f"{_fmt(measure, lower)} to {_fmt(measure, upper)}, set from the first "
            f"{chart.baseline} months. "
            + (
                f"{chart.signal_count} {'month shows' if chart.signal_count == 1 else 'months show'} a signal."
                if chart.signal_count
                else "No signal: the months vary no more than routinely."
            )
        )
    elif chart.flat:
        summary = (
            "The first months have the same value every month: no limits can be set from them "
            "yet, so no signal can be told from noise."
        )
    else:
        summary = (
            f"Fewer than {MINIMUM} complete months with a value: no limits yet, so no signal "
            "can be told from noise."
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "points": plotted,
        "path": path,
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
        "lines": lines,
        "summary": summary,
        "title": f"{measure.name}, month by month",
    }


def xmr_rows(measure: Measure, points, chart: XmR) -> list[list[dict]]:
    rows = []
    for (period, figure), point in reversed(list(zip(points, chart.points, strict=True))):
        words = describe(point)
        rows.append(
            [
                {"text": period.label},
                {
                    "link": {
                        "href": drill_href(measure, period),
                        "text": value_text(measure, figure),
                        "hidden": f"records behind the figure for {period.label}",
                    },
                    "note": words,
                    "tag": {"text": "Signal", "classes": "govuk-tag--red"}
                    if point.signals
                    else None,
                },
            ]
        )
    return rows


# --- Board packs and the public report ------------------------------------------------------


def pack_list_rows(packs) -> list[list[dict]]:
    rows = []
    for pack in packs:
        period = Period.containing(pack.period_start)
        if pack.released_at:
            status = {"text": f"Released {uk_date(pack.released_at)}"}
            if pack.published_at:
                status["note"] = "Public report published"
        else:
            status = {"tag": {"text": "Draft", "classes": "govuk-tag--grey"}}
        rows.append(
            [
                {"link": {"href": reverse("performance:pack", args=[pack.pk]), "text": pack.title}},
                {"text": period.label},
                status,
            ]
        )
    return rows


def pack_rows(pack, figures, changed: dict[str, str]) -> list[list[dict]]:
    rows = []
    for f in figures:
        row = [
            {"text": f.figure_id},
            {"text": f.name, "note": f"Definition version {f.definition_version}"},
            {"text": f.shown},
            {"text": " ".join(f.quality) or "No gaps found"},
            pack_status_cell(f),
        ]
        if pack.released_at:
            now = changed.get(f.slug)
            row.append(
                {"text": now, "tag": {"text": "Changed", "classes": "govuk-tag--yellow"}}
                if now
                else {"text": "Unchanged"}
            )
        rows.append(row)
    return rows


def pack_status_cell(f) -> dict:
    """A pack figure's status against its target as frozen at release (or computed now for
    a draft)."""
    if not f.status:
        return {"text": "No target"}
    cell = status_cell(rag.Status(f.status, f.status_text))
    cell["note"] = f"{f.status_text} Target {_target_words(f.target)}."
    return cell


def public_list_rows(packs) -> list[list[dict]]:
    return [
        [
            {
                "link": {
                    "href": reverse("public_performance:report", args=[pack.pk]),
                    "text": pack.title,
                }
            },
            {"text": Period.containing(pack.period_start).label},
            {"text": uk_date(pack.published_at)},
        ]
        for pack in packs
    ]


def public_note(pack) -> str:
    """What the reader of a public report must know about its numbers, as one sentence."""
    rounding = f"; {sdc.ROUNDED_NOTE}" if pack.public_rounded else ""
    return f"Numbers from 1 to 4 are shown as “{sdc.FEWER_IN_TEXT}”; {sdc.WITHHELD_NOTE}{rounding}."


def public_figures(pack, figures) -> list[dict]:
    """Each released figure with small numbers suppressed (primary and secondary), and its
    counts rounded to the nearest 5 when the pack was published so."""
    rounding = pack.public_rounded
    shown = []
    for f in figures:
        value = (
            sdc.rate(f.numerator, f.denominator or 0, round_to_five=rounding)
            if f.is_rate
            else sdc.shown(f.numerator, sdc.FEWER_IN_TEXT, round_to_five=rounding)
        )
        table = []
        if f.breakdown_additive and f.breakdown:
            cells, total = sdc.breakdown([n for _label, n in f.breakdown], round_to_five=rounding)
            table = [
                [{"text": label}, {"text": cell, "format": "numeric"}]
                for (label, _n), cell in zip(f.breakdown, cells, strict=True)
            ]
            table.append([{"text": "Total"}, {"text": total, "format": "numeric"}])
        shown.append(
            {
                "figure_id": f.figure_id,
                "name": f.name,
                "version": f.definition_version,
                "value": value,
                "definition": f.definition,
                "is_rate": f.is_rate,
                "breakdown": table,
            }
        )
    return shown


PUBLIC_CSV_HEADER = ["figure", "measure", "definition_version", "month", "group", "value"]


def public_csv_rows(pack, figures) -> list[list]:
    """The public report as open data: one row per figure and per published group."""
    month = Period.containing(pack.period_start).key
    rows = []
    for f in public_figures(pack, figures):
        rows.append([f["figure_id"], f["name"], f["version"], month, "All", f["value"]])
        for label_cell, value_cell in f["breakdown"]:
            rows.append(
                [
                    f["figure_id"],
                    f["name"],
                    f["version"],
                    month,
                    label_cell["text"],
                    value_cell["text"],
                ]
            )
    return rows
