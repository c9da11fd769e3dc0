"""A problem profile as a PDF, in its police or its partner edition.

Both are drawn from the same tables of words (``presenters.profile_tables``): the partner
edition's tables come from its own figures, already sanitised and suppressed, and its
narrative is the analyst's partner version of each section, so nothing here chooses what a
partner may read.
"""

from __future__ import annotations

from reportlab.platypus import Spacer

from triangulate.core import pdf
from triangulate.core.presenters import uk_date, uk_datetime

EDITION_NOTES = {
    "police": (
        "Police edition. It holds police-only intelligence and names persons of concern: "
        "not to be shared outside the force. Partners read the partner edition."
    ),
    "partner": (
        "Partner edition. It names no one, counts only intelligence graded for sharing "
        "(handling code P), shows counts from 1 to 4 as 'fewer than 5' and withholds a "
        "further count where a total would reveal one."
    ),
}


def profile_pdf(profile, *, edition: str, sections, tables, ranked, definition) -> bytes:
    """``sections``: (heading, text) of the edition's narrative; ``tables``: the edition's
    tables of words; ``ranked``: rows of the highest priority persons of concern (police
    edition only); ``definition``: (heading, text) of the written definition."""
    styles = pdf.stylesheet()
    small = styles["BodyText"]
    title = f"{profile.title}: {edition} edition"
    story = [
        pdf.text(title, styles["Title"]),
        pdf.text(
            f"{uk_date(profile.period_from)} to {uk_date(profile.period_to)}. Written by "
            f"{profile.owning_agency.name}. Figures computed {uk_datetime(profile.computed_at)} "
            f"under definition version {profile.definition_version}.",
            styles["Normal"],
        ),
        pdf.text(EDITION_NOTES[edition], styles["Italic"]),
        Spacer(1, 4 * pdf.mm),
    ]
    for heading, text in sections:
        story += [pdf.text(heading, styles["Heading2"]), pdf.text(text, styles["Normal"])]
    story.append(pdf.text("Figures", styles["Heading2"]))
    for table in tables:
        story.append(pdf.text(table["caption"], styles["Heading4"]))
        if not table["rows"]:
            story.append(pdf.text("None in the period.", small))
            continue
        widths = _widths(len(table["head"]))
        rows = [[pdf.text(cell, small) for cell in row] for row in [table["head"], *table["rows"]]]
        story.append(pdf.table(rows, widths, font_size=9))
    if ranked:
        story.append(pdf.text("Highest priority persons of concern", styles["Heading2"]))
        head = ["", "Name", "Status", "Score", "Reasons"]
        rows = [[pdf.text(cell, small) for cell in row] for row in [head, *ranked]]
        widths = [8 * pdf.mm, 38 * pdf.mm, 28 * pdf.mm, 14 * pdf.mm, 86 * pdf.mm]
        story.append(pdf.table(rows, widths, font_size=8))
    story.append(pdf.text("How the figures are counted", styles["Heading2"]))
    for heading, text in definition:
        story += [pdf.text(heading, styles["Heading4"]), pdf.text(text, small)]
    return pdf.build(story, title=title)


def _widths(columns: int) -> list[float]:
    label = 70 if columns <= 3 else 44
    rest = (174 - label) / (columns - 1)
    return [label * pdf.mm] + [rest * pdf.mm] * (columns - 1)
