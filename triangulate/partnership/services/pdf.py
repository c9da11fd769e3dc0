"""PDF exports: the public plan and meeting minutes (reportlab, no network, no fonts to fetch)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Spacer

from triangulate.core import pdf
from triangulate.core.pdf import mm


def _doc(title: str, story_builder) -> bytes:
    # Left uncompressed so that the words in a published plan stay searchable as text.
    styles = pdf.stylesheet()
    story = [Paragraph(escape(title), styles["Title"])]
    story_builder(story, styles)
    return pdf.build(story, title=title, compress=False)


def _table(rows, widths):
    return pdf.table(rows, widths, font_size=8)


def public_plan_pdf(title: str, sections: list[dict], rules: list[str], as_of: str) -> bytes:
    """``sections``: [{"heading": str, "rows": [[number, action, agency, target, status]]}]."""

    def build(story, styles):
        body = styles["BodyText"]
        story.append(
            Paragraph(f"Position at {escape(as_of)}. Statuses follow published rules:", body)
        )
        for rule in rules:
            story.append(Paragraph("• " + escape(rule), body))
        for section in sections:
            story.append(Spacer(1, 6 * mm))
            story.append(Paragraph(escape(section["heading"]), styles["Heading2"]))
            rows = [["No.", "Action", "Lead agency", "Target date", "Status"]]
            rows += [[Paragraph(escape(str(c)), body) for c in row] for row in section["rows"]]
            story.append(_table(rows, [14 * mm, 70 * mm, 32 * mm, 26 * mm, 32 * mm]))

    return _doc(title, build)


def minutes_pdf(
    title: str, agenda: list[list[str]], questions: list[dict], resolutions: list[list[str]]
) -> bytes:
    def build(story, styles):
        body = styles["BodyText"]
        story.append(Paragraph("Agenda", styles["Heading2"]))
        rows = [["Item", "Title", "Pages"]] + [
            [Paragraph(escape(c), body) for c in r] for r in agenda
        ]
        story.append(_table(rows, [14 * mm, 130 * mm, 30 * mm]))
        story.append(Paragraph("Questions and answers", styles["Heading2"]))
        for q in questions:
            story.append(
                Paragraph(
                    f"<b>Q{q['number']}</b> ({escape(q['asked_by'])}): {escape(q['text'])}", body
                )
            )
            story.append(Paragraph(escape(q["answer"]), body))
            story.append(Spacer(1, 3 * mm))
        story.append(Paragraph("Resolutions", styles["Heading2"]))
        rows = [["No.", "Resolved", "Owner", "Follow-up"]] + [
            [Paragraph(escape(c), body) for c in r] for r in resolutions
        ]
        story.append(_table(rows, [12 * mm, 100 * mm, 35 * mm, 27 * mm]))

    return _doc(title, build)
