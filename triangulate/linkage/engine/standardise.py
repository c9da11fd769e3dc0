"""Standardisation: turn extracts in the standard schema into comparable columns.

Everything here is vectorised over pandas columns so that a million records standardise in
seconds. Values that fail validation (an NHS number with a wrong check digit, an impossible
date) become missing; nothing is guessed or "fixed".
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from triangulate.core.identifiers import (
    UK_POSTCODE_COMPACT as UK_POSTCODE,
)
from triangulate.core.identifiers import (
    is_valid_nhs_number,
    is_valid_upn,
    normalise_name,
    normalise_names,
    parse_date_of_birth,
    valid_nhs_numbers,
    valid_upns,
)
from triangulate.core.identifiers import (
    parse_dates_of_birth as parse_dates,
)

from .nicknames import NICKNAMES
from .schema import ID_SEPARATOR, STANDARD_COLUMNS

ENGINE_COLUMNS = (
    "unique_id",
    "source",
    "record_id",
    "first_name",
    "first_name_canonical",
    "middle_names",
    "last_name",
    "known_as",
    "date_of_birth",
    "sex",
    "address",
    "house_number",
    "address_rare_words",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "nhs_number",
    "upn",
    "phone",
    "email",
)


def _blank_to_none(series: pd.Series) -> pd.Series:
    return series.where(series.str.len() > 0, None)


def canonical_first_names(names: pd.Series) -> pd.Series:
    first_word = names.fillna("").str.split(" ").str[0]
    return _blank_to_none(first_word.map(lambda n: NICKNAMES.get(n, n)))


def normalise_sex(series: pd.Series) -> pd.Series:
    first = series.fillna("").astype(str).str.strip().str.upper().str[:1]
    return first.where(first.isin(["F", "M"]), None)


def normalise_postcodes(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Postcode, sector and district. Non-UK postcodes (in benchmark data) compare exactly."""
    compact = series.fillna("").astype(str).str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    is_uk = compact.str.match(UK_POSTCODE)
    outward = compact.str.slice(0, -3)
    inward = compact.str.slice(-3)
    postcode = (outward + " " + inward).where(is_uk, compact)
    sector = (outward + " " + inward.str.slice(0, 1)).where(is_uk, None)
    district = outward.where(is_uk, None)
    return _blank_to_none(postcode), sector, district


def valid_identifiers(series: pd.Series, kind: str) -> pd.Series:
    if kind == "nhs":
        text = series.fillna("").astype(str).str.replace(r"[\s-]", "", regex=True)
        ok = valid_nhs_numbers(text.tolist())
    else:
        text = series.fillna("").astype(str).str.replace(r"\s", "", regex=True).str.upper()
        ok = valid_upns(text.tolist())
    return text.where(ok, None)


def normalise_address(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = series.fillna("").astype(str).str.lower()
    text = text.str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()
    number = text.str.extract(r"(?:^|\s)(\d+[a-z]?)(?:\s|$)", expand=False)
    return _blank_to_none(text), number.where(number.notna(), None)


# Columns holding lists of strings rather than strings.
LIST_COLUMNS = ("address_rare_words",)
# Address words shared by at most this many records are "rare": two records sharing one
# are worth comparing even when every other field was mistyped. Words held by more
# records (street types, towns, big streets) would make blocks that grow with the register.
RARE_WORD_MAX_RECORDS = 25
_WORD = re.compile(r"[a-z]{3,}")


def address_words(address: str | None) -> list[str]:
    """The distinct words (three letters or more) of a normalised address, in order."""
    return list(dict.fromkeys(_WORD.findall(address or "")))


def rare_address_words(addresses: pd.Series) -> pd.Series:
    """Each address's words held by 2 to RARE_WORD_MAX_RECORDS records (None if none)."""
    codes, uniques = pd.factorize(addresses, use_na_sentinel=True)
    words = [address_words(a) for a in uniques]
    # Count records, not distinct addresses: each distinct address weighs its records.
    per_address = np.bincount(codes[codes >= 0], minlength=len(uniques)).tolist()
    counts: dict[str, int] = {}
    for ws, n in zip(words, per_address, strict=True):
        for w in ws:
            counts[w] = counts.get(w, 0) + n
    kept = [[w for w in ws if 2 <= counts[w] <= RARE_WORD_MAX_RECORDS] or None for ws in words]
    kept.append(None)
    spread = np.empty(len(kept), dtype=object)
    spread[:] = kept
    return pd.Series(spread[codes], index=addresses.index, dtype=object)


def normalise_phone(series: pd.Series) -> pd.Series:
    digits = series.fillna("").astype(str).str.replace(r"\D", "", regex=True)
    digits = digits.str.replace(r"^44", "0", regex=True)
    return digits.where(digits.str.len() >= 10, None)


def normalise_email(series: pd.Series) -> pd.Series:
    text = series.fillna("").astype(str).str.strip().str.lower()
    return text.where(text.str.contains("@", regex=False), None)


def by_value(series: pd.Series, fn):
    """Apply a vectorised standardiser to each distinct value once, then spread the results.

    Extracts repeat names, dates, postcodes and towns many times over, so this does the
    work on tens of thousands of values instead of a million. ``fn`` may return one
    series or a tuple of them.
    """
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    # The last slot answers for missing values (code -1).
    distinct = pd.Series([*uniques, None], dtype=object)
    results = fn(distinct)
    single = isinstance(results, pd.Series)
    spread = tuple(
        pd.Series(r.to_numpy(dtype=object)[codes], index=series.index, dtype=object)
        for r in ((results,) if single else results)
    )
    return spread[0] if single else spread


def standardise(frame: pd.DataFrame, source: str, *, today: dt.date | None = None) -> pd.DataFrame:
    """One extract in the standard schema -> the engine's comparison columns."""
    if ID_SEPARATOR in source:
        raise ValueError(f"A source name may not contain {ID_SEPARATOR!r}")
    data = frame.copy()
    for column in STANDARD_COLUMNS:
        if column not in data.columns:
            data[column] = None
    record_id = data["record_id"].astype(str).str.strip()
    out = pd.DataFrame(index=data.index)
    out["unique_id"] = source + ID_SEPARATOR + record_id
    out["source"] = source
    out["record_id"] = record_id
    out["first_name"], out["first_name_canonical"] = by_value(
        data["first_name"], lambda s: (names := normalise_names(s), canonical_first_names(names))
    )
    out["middle_names"] = by_value(data["middle_names"], normalise_names)
    out["last_name"] = by_value(data["last_name"], normalise_names)
    known = lambda s: canonical_first_names(  # noqa: E731
        normalise_names(s.fillna("").astype(str).str.split(",").str[0])
    )
    out["known_as"] = by_value(data["known_as"], known)
    out["date_of_birth"] = by_value(data["date_of_birth"], lambda s: parse_dates(s, today=today))
    out["sex"] = by_value(data["sex"], normalise_sex)
    out["address"], out["house_number"] = by_value(data["address"], normalise_address)
    out["address_rare_words"] = None  # needs every source: see standardise_all
    out["postcode"], out["postcode_sector"], out["postcode_district"] = by_value(
        data["postcode"], normalise_postcodes
    )
    out["nhs_number"] = by_value(data["nhs_number"], lambda s: valid_identifiers(s, "nhs"))
    out["upn"] = by_value(data["upn"], lambda s: valid_identifiers(s, "upn"))
    out["phone"] = by_value(data["phone"], normalise_phone)
    out["email"] = by_value(data["email"], normalise_email)
    out = out.astype(object).where(out.notna(), None)
    return out.reset_index(drop=True)[list(ENGINE_COLUMNS)]


def standardise_all(
    frames: dict[str, pd.DataFrame], *, today: dt.date | None = None
) -> pd.DataFrame:
    parts = [standardise(frame, source, today=today) for source, frame in frames.items()]
    records = pd.concat(parts, ignore_index=True)
    # Rarity is a property of the whole set of records, so it is worked out here.
    records["address_rare_words"] = rare_address_words(records["address"])
    duplicated = records["unique_id"].duplicated()
    if duplicated.any():
        raise ValueError(
            "Duplicate record IDs within a source: "
            + ", ".join(records.loc[duplicated, "unique_id"].head(10))
        )
    return records


# One record at a time, for the front door's single-referral matching: the same rules as
# the vectorised functions above, without pandas' per-call overhead.
_NOT_ALNUM_UPPER = re.compile(r"[^A-Z0-9]")
_HOUSE_NUMBER = re.compile(r"(?:^|\s)(\d+[a-z]?)(?:\s|$)")


def _name_one(value) -> str | None:
    return normalise_name(value) or None


def _canonical_one(name: str | None) -> str | None:
    if not name:
        return None
    first = name.split(" ")[0]
    return NICKNAMES.get(first, first) or None


def _date_one(value, today: dt.date) -> str | None:
    parsed = parse_date_of_birth(value, today=today)
    return parsed.isoformat() if parsed else None


def standardise_one(record: dict, source: str, *, today: dt.date | None = None) -> dict:
    """One record in the standard schema -> the engine's comparison columns."""
    get = lambda key: record.get(key) or ""  # noqa: E731
    record_id = str(get("record_id")).strip()
    first = _name_one(get("first_name"))
    compact = _NOT_ALNUM_UPPER.sub("", str(get("postcode")).upper())
    is_uk = bool(UK_POSTCODE.match(compact))
    address = re.sub(r"[^a-z0-9]+", " ", str(get("address")).lower()).strip() or None
    number = _HOUSE_NUMBER.search(address) if address else None
    nhs = re.sub(r"[\s-]", "", str(get("nhs_number")))
    upn = re.sub(r"\s", "", str(get("upn"))).upper()
    phone = re.sub(r"\D", "", str(get("phone")))
    phone = re.sub(r"^44", "0", phone)
    email = str(get("email")).strip().lower()
    sex = str(get("sex")).strip().upper()[:1]
    return {
        "unique_id": f"{source}{ID_SEPARATOR}{record_id}",
        "source": source,
        "record_id": record_id,
        "first_name": first,
        "first_name_canonical": _canonical_one(first),
        "middle_names": _name_one(get("middle_names")),
        "last_name": _name_one(get("last_name")),
        "known_as": _canonical_one(_name_one(str(get("known_as")).split(",")[0])),
        "date_of_birth": _date_one(get("date_of_birth"), today or dt.date.today()),
        "sex": sex if sex in ("F", "M") else None,
        "address": address,
        "house_number": number.group(1) if number else None,
        "address_rare_words": None,  # rarity needs the register: the matcher fills it in
        "postcode": (f"{compact[:-3]} {compact[-3:]}" if is_uk else compact) or None,
        "postcode_sector": f"{compact[:-3]} {compact[-3]}" if is_uk else None,
        "postcode_district": compact[:-3] if is_uk else None,
        "nhs_number": nhs if nhs and is_valid_nhs_number(nhs) else None,
        "upn": upn if upn and is_valid_upn(upn) else None,
        "phone": phone if len(phone) >= 10 else None,
        "email": email if "@" in email else None,
    }
