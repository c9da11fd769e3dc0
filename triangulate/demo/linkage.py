"""Demo step: five agencies' extracts of Kingsmere's children, imported and linked.

Each agency's file has its own headings and its own faults: typos, nicknames, old
addresses, missing identifiers, the odd duplicate, and a few values that fail their checks.
The step imports them, saves each agency's column mapping, runs linkage so the review
queue has work in it, and writes the files to var/demo-extracts/ for trying the upload.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from django.conf import settings

from triangulate.core.presenters import age_on
from triangulate.linkage.services import imports
from triangulate.linkage.services.runs import linkage_run
from triangulate.register.models import PersonAddress

from . import names, stories
from .borough import Borough, fake_postcode

# source, agency short name, share of children, headings for the standard columns, extras
EXTRACTS = [
    (
        "police-nominals",
        "Police",
        0.25,
        {
            "record_id": "Nominal ID",
            "first_name": "Forename",
            "last_name": "Surname",
            "date_of_birth": "DOB",
            "sex": "Sex",
            "address": "Address",
            "postcode": "Postcode",
        },
        ["PNC Ref", "Warning Markers"],
    ),
    (
        "health-caseload",
        "Health",
        0.5,
        {
            "record_id": "Patient ID",
            "nhs_number": "NHS Number",
            "first_name": "Given Name",
            "last_name": "Family Name",
            "date_of_birth": "Date of Birth",
            "sex": "Gender",
            "address": "Address Line 1",
            "postcode": "Post Code",
        },
        ["GP Practice"],
    ),
    (
        "school-roll",
        "Academy",
        0.35,
        {
            "record_id": "Pupil ID",
            "upn": "UPN",
            "first_name": "Legal Forename",
            "known_as": "Preferred Forename",
            "last_name": "Legal Surname",
            "date_of_birth": "DOB",
            "sex": "Gender",
            "postcode": "Postcode",
        },
        ["Sessions Possible", "Sessions Missed"],
    ),
    (
        "youth-justice",
        "Youth Justice",
        0.08,
        {
            "record_id": "YJ Case No",
            "first_name": "First Name",
            "last_name": "Last Name",
            "date_of_birth": "Date Of Birth",
            "sex": "Sex",
            "postcode": "Postcode",
        },
        ["Disposal"],
    ),
    (
        "outreach-contacts",
        "Safe Futures",
        0.12,
        {
            "record_id": "Contact Ref",
            "known_as": "Name Given",
            "first_name": "First Name",
            "last_name": "Surname",
            "date_of_birth": "DOB",
            "postcode": "Postcode",
        },
        ["Worker"],
    ),
]
GP_PRACTICES = ["Heron Way Surgery", "Canal Side Medical Centre", "Thornleigh Health Centre"]
DISPOSALS = ["Referral order", "Youth conditional caution", "Community resolution", "Triage"]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _dob(rng: random.Random, dob) -> str:
    roll = rng.random()
    if roll < 0.02 and dob.day <= 12 and dob.day != dob.month:
        return f"{dob.month:02d}/{dob.day:02d}/{dob.year}"  # day and month swapped
    if roll < 0.03:
        return f"{dob.day:02d}/{dob.month:02d}/{dob.year + 1}"  # keying error in the year
    if roll < 0.035:
        return f"31/02/{dob.year}"  # an impossible date: reported, treated as missing
    return dob.isoformat() if roll < 0.5 else f"{dob.day:02d}/{dob.month:02d}/{dob.year}"


def _row(rng, child, address, source, headings, extras, number):
    first = child.given_name
    if rng.random() < 0.08:
        first = _typo(rng, first)
    elif child.given_name in names.NICKNAMES and rng.random() < 0.2:
        first = rng.choice(names.NICKNAMES[child.given_name])
    last = _typo(rng, child.family_name) if rng.random() < 0.05 else child.family_name
    postcode, line_1 = (address.postcode, address.line_1) if address else ("", "")
    if rng.random() < 0.08:  # moved, and this agency has the new address
        postcode, line_1 = fake_postcode(rng), f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}"
    if rng.random() < 0.01:
        postcode = postcode.replace(" ", "")[:-1] + "!"  # malformed: reported, treated as missing
    nhs = child.nhs_number if rng.random() < 0.9 else ""
    if nhs and rng.random() < 0.01:
        nhs = nhs[:-1] + str((int(nhs[-1]) + 1) % 10)  # wrong check digit
    values = {
        "record_id": f"{source[:2].upper()}{number:06d}",
        "first_name": first.upper() if source == "police-nominals" else first,
        "last_name": last.upper() if source == "police-nominals" else last,
        "known_as": child.known_as,
        "date_of_birth": _dob(rng, child.date_of_birth),
        "sex": {"F": "Female", "M": "Male"}.get(child.sex, "") if rng.random() < 0.95 else "",
        "address": line_1,
        "postcode": postcode if rng.random() < 0.93 else "",
        "nhs_number": nhs,
        "upn": child.upn if rng.random() < 0.9 else "",
    }
    if source == "outreach-contacts":
        values["first_name"] = "" if child.known_as and rng.random() < 0.5 else values["first_name"]
    row = {heading: values[column] for column, heading in headings.items()}
    for extra in extras:
        row[extra] = {
            "PNC Ref": f"26/{rng.randint(100000, 999999)}X",
            "Warning Markers": rng.choice(["", "", "Missing episodes", "Vulnerable"]),
            "GP Practice": rng.choice(GP_PRACTICES),
            "Sessions Possible": "320",
            "Sessions Missed": str(rng.randint(0, 90)),
            "Disposal": rng.choice(DISPOSALS),
            "Worker": rng.choice(["T. Quill", "S. Mensah", "R. Doyle"]),
        }[extra]
    return row


def extract_csv(borough: Borough, source, coverage, headings, extras, addresses) -> bytes:
    rng = random.Random(f"{borough.rng.random()}-{source}")
    rows = []
    for child in borough.children:
        if rng.random() >= coverage:
            continue
        if source == "youth-justice" and (
            (age_on(child.date_of_birth, borough.today) or 0) < stories.YOUTH_JUSTICE_MIN_AGE
        ):
            continue
        copies = 2 if rng.random() < 0.02 else 1  # the same child entered twice
        for _ in range(copies):
            rows.append(
                _row(rng, child, addresses.get(child.pk), source, headings, extras, len(rows) + 1)
            )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*headings.values(), *extras])
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def generate(borough: Borough, *, children: int) -> None:
    addresses = {
        a.person_id: a
        for a in PersonAddress.objects.filter(
            to_date__isnull=True, person__in=[c.pk for c in borough.children]
        )
    }
    out_dir = Path(settings.VAR_DIR) / "demo-extracts"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        out_dir = None
    analyst = borough.users["dan.analyst"]
    for source, agency, coverage, headings, extras in EXTRACTS:
        content = extract_csv(borough, source, coverage, headings, extras, addresses)
        if out_dir is not None:
            (out_dir / f"{source}.csv").write_bytes(content)
        table = imports.read_table(content, f"{source}.csv")
        extract = imports.Extract.objects.create(
            owning_agency=borough.agencies[agency],
            source_name=source,
            file_name=f"{source}.csv",
            content=content,
            headers=table.header,
            total_rows=len(table),
            uploaded_by=None,
        )
        mapping = dict(headings)
        imports.ColumnMapping.objects.create(
            agency=borough.agencies[agency], source_name=source, mapping=mapping
        )
        extract.status = imports.ExtractStatus.IMPORTING
        extract.save(update_fields=["status"])
        imports.extract_import(extract=extract, mapping=mapping, table=table)
    linkage_run(actor=analyst, system=True)
