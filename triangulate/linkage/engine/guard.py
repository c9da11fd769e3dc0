"""The family guard: pairs that must never be merged without a person's decision.

A probabilistic model scores twins, a parent and child who share a name, and siblings
highly: they share a surname, an address and often a date of birth. The guard refuses an
automatic merge only on *evidence of two people*: a combination of fields that relatives
produce and one keying error does not.

- two different valid identifiers (NHS numbers or unique pupil numbers that both pass
  their check digits; standardisation drops the ones that fail);
- different first names on one birthday (twins), for a child, or where the recorded sex
  differs as well;
- the same name with an age gap that fits a parent and a child, where the younger is a
  child;
- different first names and clearly different dates of birth (siblings);
- different sex with first names that are not the same name (Daniel and Danielle);
- different first names where a date of birth is missing, so that nothing but a shared
  surname and address could join them (relatives at one home).

Evidence of two people drawn from names and dates counts only where the two records do
not carry the same valid NHS number or unique pupil number: twins, siblings and a parent
and child each have their own.

A single field that disagrees while the rest agree is a keying error, not a second person,
and is left to the model: a date of birth with one digit wrong or two digits transposed,
day and month swapped, or another year on the same day and month; a first name misspelt,
shortened (Becky, Rebecca), a misspelt short form (Willam, Billy) or swapped with the
last name; the recorded sex alone.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from jellyfish import damerau_levenshtein_distance, jaro_winkler_similarity
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.process import cpdist

from triangulate.core.nicknames import related_names, same_given_name

NAME_SIMILAR = 0.92
# Years between a parent's and a child's dates of birth.
PARENT_GAP_YEARS = (12, 60)
CHILD_YEARS = 18

TWINS = "different first names with the same date of birth (possibly twins)"
PARENT_AND_CHILD = "the same name with the age gap of a parent and child"
SIBLINGS = "different first names and dates of birth (possibly siblings)"
SEX_AND_NAME = "different sex and different first names"
UNDATED = "different first names and a date of birth missing (possibly relatives at one address)"
CONFLICT_REASONS = (
    None,
    "different NHS numbers",
    "different unique pupil numbers",
    TWINS,
    PARENT_AND_CHILD,
    SIBLINGS,
    SEX_AND_NAME,
    UNDATED,
)
# Evidence that settles it: two people, not worth a reviewer's time when the model is
# unsure, nor when it is sure and the guard holds the link back (for a pair, different sex
# counts only with first names that are not one name misspelt).
CLEARLY_DIFFERENT = (
    "different NHS numbers",
    "different unique pupil numbers",
    SIBLINGS,
    SEX_AND_NAME,
)


def child_born_after(today: dt.date | None = None) -> str:
    """The ISO date after which someone born is a child today."""
    today = today or dt.date.today()
    try:
        return today.replace(year=today.year - CHILD_YEARS).isoformat()
    except ValueError:  # 29 February
        return today.replace(year=today.year - CHILD_YEARS, day=28).isoformat()


def _both(a, b) -> bool:
    return a is not None and b is not None and not (pd.isna(a) or pd.isna(b))


def one_slip(a: str, b: str) -> bool:
    """The same date, or one digit different, two transposed, or day and month swapped."""
    if a == b:
        return True
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return True
    return damerau_levenshtein_distance(a, b) <= 1


def dates_close(a: str, b: str) -> bool:
    """The same date or one keying error: one slip, or another year on the same day and
    month (a year keyed wrongly)."""
    return a[5:] == b[5:] or one_slip(a, b)


def _similar(a, b) -> bool:
    return _both(a, b) and (
        damerau_levenshtein_distance(a, b) <= 1 or jaro_winkler_similarity(a, b) >= NAME_SIMILAR
    )


def names_compatible(a: dict, b: dict) -> bool:
    """Whether two first names can be one person's: the same, a short form, a known-as name,
    a misspelling, or first and last names swapped (with a misspelling)."""
    fa, fb = a.get("first_name"), b.get("first_name")
    if not _both(fa, fb):
        return True
    if fa == fb or a.get("first_name_canonical") == b.get("first_name_canonical"):
        return True
    forms_a = {fa, a.get("first_name_canonical"), a.get("known_as")} - {None}
    forms_b = {fb, b.get("first_name_canonical"), b.get("known_as")} - {None}
    if forms_a & forms_b or same_given_name(fa, fb) or short_form_slip(fa, fb):
        return True
    if _similar(fa, b.get("last_name")) and _similar(fb, a.get("last_name")):
        return True  # first and last names swapped in one record
    # One keying error, or very similar spellings; twins' names differ by more.
    return _similar(fa, fb)


def short_form_slip(a: str, b: str) -> bool:
    """One name a misspelling of a formal name or short form of the other ("willam" and
    "billy", "dniel" and "danny"). A name that is itself a known given name is not taken
    for a misspelling ("danielle" is not "daniel" misspelt, so not "danny")."""
    forms_a, forms_b = related_names(a), related_names(b)
    return (not forms_a and any(_similar(a, form) for form in forms_b)) or (
        not forms_b and any(_similar(b, form) for form in forms_a)
    )


def _same_identifier(a: dict, b: dict) -> bool:
    return any(_both(a.get(k), b.get(k)) and a[k] == b[k] for k in ("nhs_number", "upn"))


def _same_first_name(a: dict, b: dict) -> bool:
    fa, fb = a.get("first_name"), b.get("first_name")
    ca, cb = a.get("first_name_canonical"), b.get("first_name_canonical")
    return (_both(fa, fb) and fa == fb) or (_both(ca, cb) and ca == cb)


def _years_apart(a: str, b: str) -> float:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) / 365.25


def _evidence(a: dict, b: dict, child_after: str) -> list[str]:
    """Every reason these records are two people, strongest first."""
    reasons = []
    if _both(a.get("nhs_number"), b.get("nhs_number")) and a["nhs_number"] != b["nhs_number"]:
        reasons.append("different NHS numbers")
    if _both(a.get("upn"), b.get("upn")) and a["upn"] != b["upn"]:
        reasons.append("different unique pupil numbers")
    if _same_identifier(a, b):
        return reasons  # one valid identifier: names and dates cannot make two people
    dob_a, dob_b = a.get("date_of_birth"), b.get("date_of_birth")
    dated = _both(dob_a, dob_b)
    close = dated and dates_close(dob_a, dob_b)
    names_ok = names_compatible(a, b)
    sex_differs = _both(a.get("sex"), b.get("sex")) and a["sex"] != b["sex"]
    child = dated and max(dob_a, dob_b) > child_after
    if close and not names_ok and (child or sex_differs):
        reasons.append(TWINS)
    if dated and not one_slip(dob_a, dob_b) and names_ok and child:
        low, high = PARENT_GAP_YEARS
        if low <= _years_apart(dob_a, dob_b) <= high:
            reasons.append(PARENT_AND_CHILD)
    if dated and not close and not names_ok:
        reasons.append(SIBLINGS)
    named = _both(a.get("first_name"), b.get("first_name"))
    if sex_differs and named and not _same_first_name(a, b):
        reasons.append(SEX_AND_NAME)
    if named and not dated and not names_ok:
        reasons.append(UNDATED)
    return reasons


def conflicts(a: dict, b: dict, *, child_after: str | None = None) -> list[str]:
    """Every reason two standardised records look like two people, strongest first."""
    return _evidence(a, b, child_after or child_born_after())


def conflict(a: dict, b: dict, *, child_after: str | None = None) -> str | None:
    """Why two standardised records must not be merged automatically, or None."""
    return next(iter(conflicts(a, b, child_after=child_after)), None)


def clearly_different(a: dict, b: dict, *, child_after: str | None = None) -> bool:
    """Different valid identifiers, different first names and dates of birth, or different
    sex with first names that are not one name misspelt: not worth a reviewer's time when
    the model is unsure anyway."""
    found = conflicts(a, b, child_after=child_after)
    if SEX_AND_NAME in found and names_compatible(a, b):
        found.remove(SEX_AND_NAME)  # Daniel and Danielle: a reviewer may still tell
    return any(r in CLEARLY_DIFFERENT for r in found)


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


# The same checks over many pairs at once, for runs of a million records. Each array
# operation below mirrors a line of the functions above; a test holds them together.


def _column(records, name: str, left: np.ndarray, right: np.ndarray):
    if name not in records.columns:
        return np.full(len(left), None, dtype=object), np.full(len(right), None, dtype=object)
    values = records[name].to_numpy(dtype=object)
    return values[left], values[right]


def _present(values: np.ndarray) -> np.ndarray:
    return pd.notna(values)


def _digits(values: np.ndarray) -> np.ndarray:
    return np.frombuffer("".join(values).encode("ascii"), dtype=np.uint8).reshape(-1, 10)


def _dates_close_many(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(one_slip, dates_close) for ISO dates (YYYY-MM-DD, ten characters), vectorised."""
    if len(a) == 0:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    left, right = _digits(a), _digits(b)
    differ = left != right
    count = differ.sum(axis=1)
    same_day_and_month = (left[:, 5:10] == right[:, 5:10]).all(axis=1)
    swapped = (
        (left[:, 0:4] == right[:, 0:4]).all(axis=1)
        & (left[:, 5:7] == right[:, 8:10]).all(axis=1)
        & (left[:, 8:10] == right[:, 5:7]).all(axis=1)
    )
    # Damerau-Levenshtein distance 1 between equal-length strings: one character
    # different, or two neighbours swapped.
    transposed = np.zeros(len(a), dtype=bool)
    for i in range(9):
        transposed |= (
            differ[:, i]
            & differ[:, i + 1]
            & (left[:, i] == right[:, i + 1])
            & (left[:, i + 1] == right[:, i])
        )
    slip = (count <= 1) | swapped | ((count == 2) & transposed)
    return slip, slip | same_day_and_month


def _years_apart_many(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    days = np.abs(
        pd.to_datetime(pd.Series(a), format="%Y-%m-%d").to_numpy()
        - pd.to_datetime(pd.Series(b), format="%Y-%m-%d").to_numpy()
    )
    return days / np.timedelta64(1, "D") / 365.25


def _equal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return _present(a) & _present(b) & (a == b)


def _similar_many(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ok = _present(x) & _present(y)
    at = np.flatnonzero(ok)
    if len(at):
        xs, ys = list(x[at]), list(y[at])
        close = cpdist(xs, ys, scorer=DamerauLevenshtein.distance, dtype=np.int32) <= 1
        similar = cpdist(xs, ys, scorer=JaroWinkler.similarity, dtype=np.float64) >= NAME_SIMILAR
        ok[at] = close | similar
    return ok


def _names_compatible_many(fields: dict[str, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    fa, fb = fields["first_name"]
    ca, cb = fields["first_name_canonical"]
    ka, kb = fields["known_as"]
    la, lb = fields["last_name"]
    ok = ~(_present(fa) & _present(fb))
    ok |= _equal(fa, fb) | _equal(ca, cb)
    for x in (fa, ca, ka):
        for y in (fb, cb, kb):
            ok |= _equal(x, y)
    rest = np.flatnonzero(~ok)
    if len(rest):
        ok[rest] = [
            same_given_name(x, y) or short_form_slip(x, y)
            for x, y in zip(fa[rest], fb[rest], strict=True)
        ]
    rest = np.flatnonzero(~ok)
    if len(rest):
        swapped = _similar_many(fa[rest], lb[rest]) & _similar_many(fb[rest], la[rest])
        ok[rest] = swapped | _similar_many(fa[rest], fb[rest])
    return ok


def pair_checks_at(
    records, li: np.ndarray, ri: np.ndarray, *, child_after: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each pair of record positions (rows of ``records``): the index into
    CONFLICT_REASONS of ``conflict`` (0: none), and ``clearly_different``, exactly as the
    one-pair functions decide them."""
    child_after = child_after or child_born_after()
    fields = {name: _column(records, name, li, ri) for name in GUARD_COLUMNS[2:]}
    nhs = _present(fields["nhs_number"][0]) & _present(fields["nhs_number"][1])
    nhs &= fields["nhs_number"][0] != fields["nhs_number"][1]
    upn = _present(fields["upn"][0]) & _present(fields["upn"][1])
    upn &= fields["upn"][0] != fields["upn"][1]
    dob_a, dob_b = fields["date_of_birth"]
    dated = _present(dob_a) & _present(dob_b)
    close = np.zeros(len(li), dtype=bool)
    slip = np.zeros(len(li), dtype=bool)
    slip[dated], close[dated] = _dates_close_many(dob_a[dated], dob_b[dated])
    far = dated & ~close
    child = np.zeros(len(li), dtype=bool)
    child[dated] = (dob_a[dated].astype(str) > child_after) | (
        dob_b[dated].astype(str) > child_after
    )
    names_ok = _names_compatible_many(fields)
    gap = np.zeros(len(li), dtype=bool)
    check = np.flatnonzero(dated & ~slip & names_ok & child)
    if len(check):
        years = _years_apart_many(dob_a[check], dob_b[check])
        gap[check] = (years >= PARENT_GAP_YEARS[0]) & (years <= PARENT_GAP_YEARS[1])
    sa, sb = fields["sex"]
    sex = _present(sa) & _present(sb) & (sa != sb)
    fa, fb = fields["first_name"]
    named = _present(fa) & _present(fb)
    twins = close & ~names_ok & (child | sex)
    siblings = far & ~names_ok
    sex_and_name = sex & named & ~(_equal(fa, fb) | _equal(*fields["first_name_canonical"]))
    undated = named & ~dated & ~names_ok
    one_identifier = _equal(*fields["nhs_number"]) | _equal(*fields["upn"])
    reason = np.select(
        [nhs, upn, one_identifier, twins, gap, siblings, sex_and_name, undated],
        [1, 2, 0, 3, 4, 5, 6, 7],
        default=0,
    )
    clearly = nhs | upn | ((siblings | (sex_and_name & ~names_ok)) & ~one_identifier)
    return reason, clearly
