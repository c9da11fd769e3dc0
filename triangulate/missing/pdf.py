"""The one-page Philomena profile for police, drawn with ReportLab."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.platypus import Image, Paragraph, Spacer, Table

from triangulate.core import pdf
from triangulate.core.pdf import mm
from triangulate.core.presenters import age_on, uk_date, uk_datetime


def _p(text: str, style) -> Paragraph:
    return pdf.text(text, style, empty="Not recorded")


def profile_pdf(profile, episode) -> bytes:
    person = profile.person
    styles = pdf.stylesheet()
    body = styles["BodyText"]
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
    table = pdf.table([[k, _p(v, body)] for k, v in facts], [40 * mm, 80 * mm], bold="labels")
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
    return pdf.build(
        story, title=f"Philomena profile – {person.full_name}", margin_mm=15, top_bottom_mm=12
    )
