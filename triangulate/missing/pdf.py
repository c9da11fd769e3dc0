"""The one-page Philomena profile for police, drawn with ReportLab."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from triangulate.core.presenters import age_on, uk_date, uk_datetime


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "Not recorded").replace("\n", "<br/>"), style)


def profile_pdf(profile, episode) -> bytes:
    person = profile.person
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Philomena profile – {person.full_name}",
        author="Triangulate",
    )
    story = [
        Paragraph("OFFICIAL-SENSITIVE – Philomena Protocol profile", styles["Heading2"]),
        Paragraph(escape(person.full_name), styles["Title"]),
    ]
    age = age_on(person.date_of_birth)
    facts = [
        ["Known as", person.known_as or "None recorded"],
        [
            "Date of birth",
            f"{uk_date(person.date_of_birth)} (aged {age})" if age is not None else "Not known",
        ],
        ["Sex", person.get_sex_display()],
        ["Missing since", uk_datetime(episode.started_at)],
        ["Category", episode.get_category_display()],
        ["Police reference", episode.police_reference or "Not given"],
        ["Police risk level", episode.get_police_risk_display()],
        ["Placed out of area", episode.placing_authority if episode.placed_out_of_area else "No"],
        ["Profile version", f"{profile.version}, updated {uk_date(profile.created_at)}"],
    ]
    table = Table([[k, _p(v, body)] for k, v in facts], colWidths=[40 * mm, 80 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    photo = None
    if profile.photo:
        try:
            photo = Image(io.BytesIO(bytes(profile.photo)), width=45 * mm, height=55 * mm)
            photo.hAlign = "RIGHT"
        except OSError:
            photo = None
    story.append(Table([[table, photo or ""]], colWidths=[125 * mm, 55 * mm]))
    story.append(Spacer(1, 4 * mm))
    for heading, text in (
        ("Description", profile.description),
        ("Associates", profile.associates),
        ("Addresses and places the child may go", profile.places),
        ("Phones and social media", profile.phones_and_social_media),
        ("Health needs and medication", profile.health_needs),
    ):
        story.append(Paragraph(heading, styles["Heading4"]))
        story.append(_p(text, body))
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            "Released to police for this missing episode only. Do not copy or pass on "
            "except to find the child.",
            styles["Italic"],
        )
    )
    doc.build(story)
    return buffer.getvalue()
