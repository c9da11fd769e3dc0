"""The standard person schema every agency extract is mapped to before linkage."""

from __future__ import annotations

STANDARD_COLUMNS = (
    "record_id",
    "first_name",
    "middle_names",
    "last_name",
    "known_as",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "nhs_number",
    "upn",
    "phone",
    "email",
)
REQUIRED_COLUMNS = ("record_id",)
# The person fields themselves (everything but the record's own identifier).
PERSON_FIELDS = STANDARD_COLUMNS[1:]

# Column labels for people reading the mapping page and the review queue.
COLUMN_LABELS = {
    "record_id": "Record ID",
    "first_name": "First name",
    "middle_names": "Middle names",
    "last_name": "Last name",
    "known_as": "Known as",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "address": "Address",
    "postcode": "Postcode",
    "nhs_number": "NHS number",
    "upn": "Unique pupil number",
    "phone": "Phone",
    "email": "Email",
}

# Separates source and record ID inside the engine's unique IDs.
ID_SEPARATOR = "|"


def unique_id(source: str, record_id: str) -> str:
    return f"{source}{ID_SEPARATOR}{record_id}"


# Date formats accepted for dates of birth, tried in this order (day before month: UK).
