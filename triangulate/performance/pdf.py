"""The board pack as a PDF: the figures as released, the commentary and the definitions."""

from __future__ import annotations

from reportlab.platypus import PageBreak, Spacer

from triangulate.core import pdf, suppression
from triangulate.core.presenters import uk_datetime
from triangulate.support.services import wards

from . import rag
from .periods import Period


def board_pack(pack, figures, by_ward: list[dict] | None) -> bytes:
    """The pack; ``by_ward`` is left out (None) for a reader who may not see ward figures."""
    styles = pdf.stylesheet()
    period = Period.containing(pack.period_start)
    story = [
        pdf.text(pack.title, styles["Title"]),
        pdf.text(
            f"{period.label}. Released {uk_datetime(pack.released_at)} by "
            f"{pack.released_by.display_name}. The figures are as they stood at release.",
            styles["Normal"],
        ),
        Spacer(1, 4 * pdf.mm),
        pdf.text("So what", styles["Heading2"]),
        pdf.text(pack.so_what, styles["Normal"]),
        pdf.text("Actions", styles["Heading2"]),
        pdf.text(pack.actions, styles["Normal"], empty="None recorded."),
        pdf.text("Figures", styles["Heading2"]),
    ]
    small = styles["BodyText"]
    rows = [["Figure", "Measure", "Value", "Against target", "Data quality"]]
    for f in figures:
        against = f"{rag.WORDS[f.status]}: {f.status_text}" if f.status else "No target"
        rows.append(
            [
                f.figure_id,
                pdf.text(f"{f.name} (definition version {f.definition_version})", small),
                pdf.text(f.shown, small),
                pdf.text(against, small),
                pdf.text(" ".join(f.quality) or "No gaps found", small),
            ]
        )
    widths = [14 * pdf.mm, 52 * pdf.mm, 30 * pdf.mm, 38 * pdf.mm, 40 * pdf.mm]
    story.append(pdf.table(rows, widths, font_size=9))
    if by_ward:
        story += [
            pdf.text("Figures by ward", styles["Heading2"]),
            pdf.text(
                f"{period.label}. A count from 1 to 4 is shown as “{suppression.FEWER_IN_TEXT}” "
                "and there are no totals, so a hidden count cannot be worked out from them.",
                styles["Normal"],
            ),
        ]
        head = ["Ward"] + [pdf.text(label, small) for _key, label in wards.COLUMNS]
        table = [head] + [
            [pdf.text(r["ward"], small)]
            + [suppression.shown(r[key]) for key, _label in wards.COLUMNS]
            for r in by_ward
        ]
        story.append(pdf.table(table, [54 * pdf.mm] + [30 * pdf.mm] * 4, font_size=9))
    story += [PageBreak(), pdf.text("Definitions", styles["Heading2"])]
    for f in figures:
        story.append(
            pdf.text(f"{f.figure_id} {f.name}, version {f.definition_version}", styles["Heading3"])
        )
        d = f.definition
        facts = [["Numerator" if f.is_rate else "What is counted", pdf.text(d["numerator"], small)]]
        if f.is_rate:
            facts.append(["Denominator", pdf.text(d["denominator"], small)])
        facts += [
            ["Period", pdf.text(d["period"], small)],
            ["Counting rules", pdf.text(d["counting"], small)],
            ["Computed from", pdf.text(d["source"], small)],
        ]
        story.append(pdf.table(facts, [35 * pdf.mm, 139 * pdf.mm], bold="labels", font_size=9))
    return pdf.build(story, title=pack.title)


def public_report(pack, period: Period, figures: list[dict], note: str) -> bytes:
    """The public report as published: the figures as ``presenters.public_figures`` gives
    them (suppressed, and rounded where the pack was published so), nothing else."""
    styles = pdf.stylesheet()
    small = styles["BodyText"]
    story = [
        pdf.text(pack.title, styles["Title"]),
        pdf.text(
            f"Figures for {period.label}, as the partnership board saw them. Published "
            f"{uk_datetime(pack.published_at)}. {note}",
            styles["Normal"],
        ),
    ]
    for f in figures:
        d = f["definition"]
        counted = (
            f"Of: {d['denominator']}. Counted: {d['numerator']}."
            if f["is_rate"]
            else f"Counted: {d['numerator']}."
        )
        story += [
            pdf.text(f"{f['figure_id']} {f['name']}", styles["Heading2"]),
            pdf.text(f["value"], styles["Heading3"]),
            pdf.text(f"{counted} {d['period']}. Definition version {f['version']}.", small),
        ]
        if f["breakdown"]:
            rows = [["Group", "Number"]] + [
                [pdf.text(label["text"], small), value["text"]] for label, value in f["breakdown"]
            ]
            story.append(pdf.table(rows, [120 * pdf.mm, 50 * pdf.mm], font_size=9))
    return pdf.build(story, title=pack.title)
