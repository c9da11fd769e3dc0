"""The one-page Philomena profile for police, drawn with ReportLab."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.platypus import Image, Paragraph, Spacer, Table

from triangulate.core import pdf
from triangulate.core.pdf import mm
from triangulate.core.presenters import age_on, uk_date, uk_datetime

from .presenters import duration


def _p(text: str, style) -> Paragraph:
    return pdf.text(text, style, empty="Not recorded")


HISTORY_ROWS = 6


def _address(address) -> str:
    if address is None:
        return ""
    return ", ".join(
        part for part in (address.line_1, address.line_2, address.town, address.postcode) if part
    )


def _photo(profile):
    """The profile's photo scaled to fit 45 x 55 mm without distortion, or None."""
    if not profile.photo:
        return None
    try:
        photo = Image(io.BytesIO(bytes(profile.photo)))
    except OSError:
        return None
    scale = min(45 * mm / photo.imageWidth, 55 * mm / photo.imageHeight)
    photo.drawWidth, photo.drawHeight = photo.imageWidth * scale, photo.imageHeight * scale
    photo.hAlign = "RIGHT"
    return photo


def _history(history, episode, styles) -> list:
    """The child's missing episodes, newest first, as far as the releasing agency sees them."""
    earlier = [e for e in history if e.pk != episode.pk]
    story = [Paragraph(f"Missing history ({len(earlier)} earlier episodes)", styles["Heading4"])]
    if not earlier:
        story.append(Paragraph("No earlier episodes recorded.", styles["BodyText"]))
        return story
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    rows = [["Went missing", "Length", "Where found", "Police reference"]]
    for past in earlier[:HISTORY_ROWS]:
        rows.append(
            [
                uk_datetime(past.started_at),
                duration(past) if past.ended_at else "Still open",
                _p(past.where_found, small),
                past.police_reference or "None",
            ]
        )
    story.append(pdf.table(rows, [38 * mm, 28 * mm, 80 * mm, 34 * mm], font_size=8))
    if len(earlier) > HISTORY_ROWS:
        story.append(
            Paragraph(f"And {len(earlier) - HISTORY_ROWS} earlier episodes.", styles["Italic"])
        )
    return story


def profile_pdf(profile, episode, *, address=None, history=()) -> bytes:
    """The one-page profile: who the child is and how to find them, for this episode."""

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
        ["Home address", _address(address) or "Not recorded"],
        ["Parent or carer to contact", profile.carer_contact or "Not recorded"],
        ["School or college", profile.school or "Not recorded"],
        ["Profile version", f"{profile.version}, updated {uk_date(profile.created_at)}"],
    ]
    table = pdf.table([[k, _p(v, body)] for k, v in facts], [40 * mm, 80 * mm], bold="labels")
    photo = _photo(profile) or Paragraph("No photo in the profile", styles["Italic"])
    story.append(Table([[table, photo]], colWidths=[125 * mm, 55 * mm]))
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
    story.extend(_history(list(history), episode, styles))
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
