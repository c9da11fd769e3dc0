"""The false-merge guard: pairs that must never be merged without a person's decision.

Twins share a surname, a date of birth and an address; a parent and child can share a
full name and an address; siblings share everything but a first name and a birthday. A
probabilistic model can score such pairs highly. The checks below catch them on hard
evidence (two different valid identifiers, two clearly different dates of birth, two
different first names on the same birthday) and send them to review instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from jellyfish import damerau_levenshtein_distance, jaro_winkler_similarity
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.process import cpdist

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


def conflicts(a: dict, b: dict) -> list[str]:
    """Every reason two standardised records look like different people, strongest first."""
    reasons = []
    if _both(a.get("nhs_number"), b.get("nhs_number")) and a["nhs_number"] != b["nhs_number"]:
        reasons.append("different NHS numbers")
    if _both(a.get("upn"), b.get("upn")) and a["upn"] != b["upn"]:
        reasons.append("different unique pupil numbers")
    dob_a, dob_b = a.get("date_of_birth"), b.get("date_of_birth")
    if _both(dob_a, dob_b) and not dates_close(dob_a, dob_b):
        reasons.append("different dates of birth (possibly a parent and child, or siblings)")
    if not names_compatible(a, b):
        if _both(dob_a, dob_b) and dates_close(dob_a, dob_b):
            reasons.append("different first names with the same date of birth (possibly twins)")
        else:
            reasons.append("different first names")
    if _both(a.get("sex"), b.get("sex")) and a["sex"] != b["sex"]:
        reasons.append("different sex recorded")
    return reasons


def conflict(a: dict, b: dict) -> str | None:
    """Why two standardised records must not be merged automatically, or None."""
    return next(iter(conflicts(a, b)), None)


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
CONFLICT_REASONS = (
    None,
    "different NHS numbers",
    "different unique pupil numbers",
    "different dates of birth (possibly a parent and child, or siblings)",
    "different first names with the same date of birth (possibly twins)",
    "different first names",
    "different sex recorded",
)


def _column(records, name: str, left: np.ndarray, right: np.ndarray):
    if name not in records.columns:
        return np.full(len(left), None, dtype=object), np.full(len(right), None, dtype=object)
    values = records[name].to_numpy(dtype=object)
    return values[left], values[right]


def _present(values: np.ndarray) -> np.ndarray:
    return pd.notna(values)


def _dates_close_many(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """dates_close for ISO dates (YYYY-MM-DD, always ten characters), vectorised."""
    if len(a) == 0:
        return np.zeros(0, dtype=bool)
    left = np.frombuffer("".join(a).encode("ascii"), dtype=np.uint8).reshape(-1, 10)
    right = np.frombuffer("".join(b).encode("ascii"), dtype=np.uint8).reshape(-1, 10)
    differ = left != right
    count = differ.sum(axis=1)
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
    return (count <= 1) | swapped | ((count == 2) & transposed)


def _equal(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return _present(a) & _present(b) & (a == b)


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
    ok |= _equal(fa, lb) & _equal(fb, la)
    rest = np.flatnonzero(~ok)
    if len(rest):
        x, y = list(fa[rest]), list(fb[rest])
        close = cpdist(x, y, scorer=DamerauLevenshtein.distance, dtype=np.int32) <= 1
        similar = cpdist(x, y, scorer=JaroWinkler.similarity, dtype=np.float64) >= NAME_SIMILAR
        ok[rest] = close | similar
    return ok


def pair_checks_at(records, li: np.ndarray, ri: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each pair of record positions (rows of ``records``): the index into
    CONFLICT_REASONS of ``conflict`` (0: none), and ``clearly_different``, exactly as the
    one-pair functions decide them."""
    fields = {name: _column(records, name, li, ri) for name in GUARD_COLUMNS[2:]}
    nhs = _present(fields["nhs_number"][0]) & _present(fields["nhs_number"][1])
    nhs &= fields["nhs_number"][0] != fields["nhs_number"][1]
    upn = _present(fields["upn"][0]) & _present(fields["upn"][1])
    upn &= fields["upn"][0] != fields["upn"][1]
    dob_a, dob_b = fields["date_of_birth"]
    both_dob = _present(dob_a) & _present(dob_b)
    close = np.ones(len(li), dtype=bool)
    close[both_dob] = _dates_close_many(dob_a[both_dob], dob_b[both_dob])
    far = both_dob & ~close
    # Names are needed wherever an earlier check has not already decided both answers.
    need = ~(nhs | upn | far) | (far & ~nhs)
    names_ok = np.ones(len(li), dtype=bool)
    names_ok[need] = _names_compatible_many(
        {k: (v[0][need], v[1][need]) for k, v in fields.items()}
    )
    sex = _present(fields["sex"][0]) & _present(fields["sex"][1])
    sex &= fields["sex"][0] != fields["sex"][1]
    reason = np.select(
        [nhs, upn, far, ~names_ok & both_dob, ~names_ok, sex], [1, 2, 3, 4, 5, 6], default=0
    )
    clearly = nhs | (far & ~names_ok)
    return reason, clearly
