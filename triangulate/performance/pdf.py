"""The board pack as a PDF: the figures as released, the commentary and the definitions."""

from __future__ import annotations

from reportlab.platypus import PageBreak, Spacer

from triangulate.core import pdf
from triangulate.core.presenters import uk_datetime

from .periods import Period


def board_pack(pack, figures) -> bytes:
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
    rows = [["Figure", "Measure", "Value", "Data quality"]]
    for f in figures:
        rows.append(
            [
                f.figure_id,
                pdf.text(f"{f.name} (definition version {f.definition_version})", small),
                pdf.text(f.shown, small),
                pdf.text(" ".join(f.quality) or "No gaps found", small),
            ]
        )
    story.append(pdf.table(rows, [14 * pdf.mm, 70 * pdf.mm, 35 * pdf.mm, 55 * pdf.mm], font_size=9))
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
