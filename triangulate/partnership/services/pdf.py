"""PDF exports: the public plan and meeting minutes (reportlab, no network, no fonts to fetch)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _doc(title: str, story_builder) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        pageCompression=0,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(title), styles["Title"])]
    story_builder(story, styles)
    doc.build(story)
    return buffer.getvalue()


def _table(rows, widths):
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    return table


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
