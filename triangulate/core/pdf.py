"""PDF building blocks shared by every export (minutes, profiles, public plans).

ReportLab only: no network, no fonts to fetch, the same look everywhere.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

__all__ = ["build", "mm", "stylesheet", "table", "text"]


def stylesheet():
    return getSampleStyleSheet()


def text(value: str | None, style, *, empty: str = "") -> Paragraph:
    """A paragraph of plain text: escaped, with line breaks kept."""
    return Paragraph(escape(value or empty).replace("\n", "<br/>"), style)


def table(
    rows: list[list],
    widths: list[float],
    *,
    bold: str = "header",
    font_size: float | None = None,
) -> Table:
    """A ruled table; ``bold`` is "header" (first row, repeated on each page) or "labels"
    (first column, for a list of facts)."""
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
    ]
    if bold == "header":
        style.append(("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"))
    elif bold == "labels":
        style.append(("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"))
    if font_size:
        style.append(("FONTSIZE", (0, 0), (-1, -1), font_size))
    result = Table(rows, colWidths=widths, repeatRows=1 if bold == "header" else 0)
    result.setStyle(TableStyle(style))
    return result


def build(
    story: list,
    *,
    title: str,
    margin_mm: float = 18,
    top_bottom_mm: float | None = None,
    compress: bool = True,
) -> bytes:
    """Lay out ``story`` on A4 and return the PDF's bytes."""
    buffer = io.BytesIO()
    vertical = (top_bottom_mm if top_bottom_mm is not None else margin_mm) * mm
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Triangulate",
        pageCompression=1 if compress else 0,
        leftMargin=margin_mm * mm,
        rightMargin=margin_mm * mm,
        topMargin=vertical,
        bottomMargin=vertical,
    ).build(story)
    return buffer.getvalue()
