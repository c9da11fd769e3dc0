"""The false-merge guard: pairs that must never be merged without a person's decision.

Twins share a surname, a date of birth and an address; a parent and child can share a
full name and an address; siblings share everything but a first name and a birthday. A
probabilistic model can score such pairs highly. The checks below catch them on hard
evidence (two different valid identifiers, two clearly different dates of birth, two
different first names on the same birthday) and send them to review instead.
"""

from __future__ import annotations

from jellyfish import damerau_levenshtein_distance, jaro_winkler_similarity

NAME_SIMILAR = 0.92


def _both(a, b) -> bool:
    return a is not None and b is not None


def dates_close(a: str, b: str) -> bool:
    """Same date, day and month swapped, or one keying error (a digit or a transposition)."""
    if a == b:
        return True
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return True
    return damerau_levenshtein_distance(a, b) <= 1


def names_compatible(a: dict, b: dict) -> bool:
    fa, fb = a.get("first_name"), b.get("first_name")
    if not _both(fa, fb):
        return True
    if fa == fb or a.get("first_name_canonical") == b.get("first_name_canonical"):
        return True
    forms_a = {fa, a.get("first_name_canonical"), a.get("known_as")} - {None}
    forms_b = {fb, b.get("first_name_canonical"), b.get("known_as")} - {None}
    if forms_a & forms_b:
        return True
    if fa == b.get("last_name") and fb == a.get("last_name"):
        return True  # first and last names swapped in one record
    # One keying error, or very similar spellings; twins' names differ by more.
    return (
        damerau_levenshtein_distance(fa, fb) <= 1 or jaro_winkler_similarity(fa, fb) >= NAME_SIMILAR
    )


def clearly_different(a: dict, b: dict) -> bool:
    """Different valid NHS numbers, or different first names and dates of birth (siblings).

    Such pairs are not worth a reviewer's time when the model is unsure anyway.
    """
    if _both(a.get("nhs_number"), b.get("nhs_number")) and a["nhs_number"] != b["nhs_number"]:
        return True
    dob_a, dob_b = a.get("date_of_birth"), b.get("date_of_birth")
    return _both(dob_a, dob_b) and not dates_close(dob_a, dob_b) and not names_compatible(a, b)


def conflict(a: dict, b: dict) -> str | None:
    """Why two standardised records must not be merged automatically, or None."""
    if _both(a.get("nhs_number"), b.get("nhs_number")) and a["nhs_number"] != b["nhs_number"]:
        return "different NHS numbers"
    if _both(a.get("upn"), b.get("upn")) and a["upn"] != b["upn"]:
        return "different unique pupil numbers"
    dob_a, dob_b = a.get("date_of_birth"), b.get("date_of_birth")
    if _both(dob_a, dob_b) and not dates_close(dob_a, dob_b):
        return "different dates of birth (possibly a parent and child, or siblings)"
    if not names_compatible(a, b):
        if _both(dob_a, dob_b):
            return "different first names with the same date of birth (possibly twins)"
        return "different first names"
    if _both(a.get("sex"), b.get("sex")) and a["sex"] != b["sex"]:
        return "different sex recorded"
    return None


GUARD_COLUMNS = (
    "unique_id",
    "source",
    "first_name",
    "first_name_canonical",
    "known_as",
    "last_name",
    "date_of_birth",
    "sex",
    "nhs_number",
    "upn",
)


def record_dicts(records) -> dict[str, dict]:
    """The fields the guard reads, per unique ID (built without pandas' slow to_dict)."""
    columns = [c for c in GUARD_COLUMNS if c in records.columns]
    rows = records[columns].to_numpy(dtype=object).tolist()
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
