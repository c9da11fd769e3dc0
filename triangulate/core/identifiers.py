"""UK identifiers and postcodes (GUIDE §6): validation and normalisation, no guessing.

A value that fails its check is reported, never "fixed": callers decide whether to refuse
the input (forms) or to treat it as missing (imports).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # A–Z without I, O and S: 23 letters
NHS_WEIGHTS = tuple(range(10, 1, -1))  # for the first nine digits
UPN_WEIGHTS = tuple(range(2, 14))  # for characters 2–13

_POSTCODE = re.compile(
    r"^(GIR ?0AA|"
    r"(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]?)"
    r" ?[0-9][A-Z]{2})$"
)


class IdentifierError(ValueError):
    """An identifier that fails its format or check digit. The message is for users."""


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit for nine digits; None when no valid number exists (10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(value: str) -> str:
    """Return the 10 digits of a valid NHS number, or raise IdentifierError."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{10}", digits):
        raise IdentifierError("NHS number must be 10 digits, like 485 777 3456")
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise IdentifierError("Enter a real NHS number: the check digit does not match")
    return digits


def is_valid_nhs_number(value: str) -> bool:
    try:
        normalise_nhs_number(value)
    except IdentifierError:
        return False
    return True


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def _upn_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if char in UPN_CHECK_LETTERS:
        return UPN_CHECK_LETTERS.index(char)
    raise IdentifierError("Unique pupil number contains a letter that is not allowed")


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2–13 of a UPN."""
    if len(body) != 12:
        raise ValueError("a UPN body has 12 characters")
    total = sum(_upn_value(char) * weight for char, weight in zip(body, UPN_WEIGHTS, strict=True))
    return UPN_CHECK_LETTERS[total % 23]


def normalise_upn(value: str) -> str:
    """Return a valid 13-character UPN in upper case, or raise IdentifierError."""
    upn = re.sub(r"\s", "", value or "").upper()
    if not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", upn):
        raise IdentifierError(
            "Unique pupil number must be 13 characters: a letter, 11 digits, "
            "then a digit or a letter"
        )
    if upn[0] not in UPN_CHECK_LETTERS or upn_check_letter(upn[1:]) != upn[0]:
        raise IdentifierError("Enter a real unique pupil number: the check letter does not match")
    return upn


def is_valid_upn(value: str) -> bool:
    try:
        normalise_upn(value)
    except IdentifierError:
        return False
    return True


def normalise_postcode(value: str) -> str:
    """Return a UK postcode in upper case with a single space, or raise IdentifierError."""
    compact = re.sub(r"\s", "", value or "").upper()
    if not _POSTCODE.fullmatch(compact):
        raise IdentifierError("Enter a real postcode, like KM4 7QT")
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid_postcode(value: str) -> bool:
    try:
        normalise_postcode(value)
    except IdentifierError:
        return False
    return True


# The same checks over many values at once (record linkage standardises a million records).
# Values are already compact: no spaces, upper case. numpy loads only when these are used.


def _character_codes(values: list[str], width: int):
    import numpy as np

    joined = "".join(values).encode("ascii")
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, width).astype(np.int64)


def valid_nhs_numbers(values: list[str]):
    """A boolean array: which values are valid NHS numbers (is_valid_nhs_number, at once)."""
    import numpy as np

    mask = np.fromiter((re.fullmatch(r"\d{10}", v) is not None for v in values), bool, len(values))
    if mask.any():
        digits = _character_codes([v for v, ok in zip(values, mask, strict=True) if ok], 10) - ord(
            "0"
        )
        check = 11 - (digits[:, :9] @ np.array(NHS_WEIGHTS)) % 11
        check[check == 11] = 0
        mask[mask] = (check != 10) & (check == digits[:, 9])
    return mask


def valid_upns(values: list[str]):
    """A boolean array: which values are valid UPNs (is_valid_upn, at once)."""
    import numpy as np

    pattern = re.compile(r"[A-Z]\d{11}[0-9A-Z]")
    mask = np.fromiter((pattern.fullmatch(v) is not None for v in values), bool, len(values))
    if mask.any():
        codes = _character_codes([v for v, ok in zip(values, mask, strict=True) if ok], 13)
        value_of = np.full(128, -1, dtype=np.int64)
        value_of[ord("0") : ord("9") + 1] = np.arange(10)
        for index, letter in enumerate(UPN_CHECK_LETTERS):
            value_of[ord(letter)] = index
        body = value_of[codes[:, 1:]]
        letters = np.frombuffer(UPN_CHECK_LETTERS.encode("ascii"), dtype=np.uint8)
        expected = letters[(body @ np.array(UPN_WEIGHTS)) % 23]
        mask[mask] = (body >= 0).all(axis=1) & (expected == codes[:, 0])
    return mask


# Postcodes in compact form (no spaces, upper case), for many values at once.
UK_POSTCODE_COMPACT = re.compile(
    r"^(GIR0AA|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]?)"
    r"[0-9][A-Z]{2})$"
)


# Names and dates of birth, one way for the front door, the register, imports and linkage.
# Each has a one-value form and a form over a pandas column (record linkage standardises a
# million records); tests hold the two together.

_NAME_DROPPED = re.compile(r"['`’.]")
_NOT_LETTERS = re.compile(r"[^a-z]+")


def normalise_name(value) -> str:
    """Lower case, accents removed, apostrophes and full stops dropped, every other
    character that is not a letter (hyphens, commas, digits) a single space: "O'Brien" is
    "obrien", "Smith-Jones" and "Smith,Jones" are "smith jones". "" when nothing is left."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_LETTERS.sub(" ", _NAME_DROPPED.sub("", text)).strip()


def normalise_names(series):
    """normalise_name over a pandas column; None where nothing is left."""
    text = series.fillna("").astype(str).str.normalize("NFKD")
    text = text.str.encode("ascii", "ignore").str.decode("ascii").str.lower()
    text = text.str.replace(_NAME_DROPPED.pattern, "", regex=True)
    text = text.str.replace(_NOT_LETTERS.pattern, " ", regex=True).str.strip()
    return text.where(text.str.len() > 0, None)


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def parse_date_of_birth(value, *, today: dt.date | None = None) -> dt.date | None:
    """A date of birth in a common format (the first ten characters), or None if it is not
    a real date between EARLIEST_BIRTH and today. The first format that reads it decides."""
    text = str(value or "").strip()[:10]
    for fmt in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        return parsed if EARLIEST_BIRTH <= parsed <= (today or dt.date.today()) else None
    return None


def parse_dates_of_birth(series, *, today: dt.date | None = None):
    """parse_date_of_birth over a pandas column, as ISO strings (YYYY-MM-DD) or None."""
    import pandas as pd

    text = series.fillna("").astype(str).str.strip().str.slice(0, 10)
    parsed = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    tried = pd.Series(False, index=series.index)
    for fmt in DATE_FORMATS:
        if tried.all():
            break
        attempt = pd.to_datetime(text[~tried], format=fmt, errors="coerce")
        parsed[~tried] = attempt
        tried |= parsed.notna()
    latest = pd.Timestamp(today or dt.date.today())
    parsed = parsed.where((parsed >= pd.Timestamp(EARLIEST_BIRTH)) & (parsed <= latest))
    out = parsed.dt.strftime("%Y-%m-%d")
    return out.where(parsed.notna(), None)
