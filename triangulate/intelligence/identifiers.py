"""Vehicle registrations and phone numbers: checked and normalised, never silently changed.

A registration is kept in upper case without spaces (``AB12 CDE`` is ``AB12CDE``) when it
has one of the shapes the DVLA has issued (current, prefix, suffix, dateless); a phone
number is kept in E.164 (``+447700900123``) when the ``phonenumbers`` library says it is a
valid number (or one of Ofcom's numbers kept for drama and tests), reading numbers without a country code as UK numbers.
"""

from __future__ import annotations

import re

import phonenumbers

from triangulate.core.identifiers import IdentifierError

_REGISTRATION = re.compile(
    r"^(?:[A-Z]{2}[0-9]{2}[A-Z]{3}"  # current: AB12CDE
    r"|[A-Z][0-9]{1,3}[A-Z]{3}"  # prefix: A123BCD
    r"|[A-Z]{3}[0-9]{1,3}[A-Z]"  # suffix: ABC123D
    r"|[A-Z]{1,3}[0-9]{1,4}"  # dateless: ABC1234
    r"|[0-9]{1,4}[A-Z]{1,3})$"  # dateless: 1234ABC
)


_DRAMA_MOBILE = re.compile(r"\+447700900[0-9]{3}")


def normalise_registration(value: str) -> str:
    """A UK vehicle registration in upper case without spaces, or IdentifierError."""
    compact = re.sub(r"\s", "", value or "").upper()
    if not _REGISTRATION.fullmatch(compact):
        raise IdentifierError(
            f"Enter a UK vehicle registration, like AB12 CDE (not {value.strip()!r})"
        )
    return compact


def normalise_phone(value: str, region: str = "GB") -> str:
    """A phone number in E.164 (UK unless it starts with a country code), or IdentifierError."""
    message = f"Enter a phone number, like 07700 900123 or +44 7700 900123 (not {value.strip()!r})"
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise IdentifierError(message) from None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    # Ofcom keeps 07700 900000-900999 for drama and tests: accepted so that synthetic data
    # never uses a real person's number.
    if not (phonenumbers.is_valid_number(parsed) or _DRAMA_MOBILE.fullmatch(e164)):
        raise IdentifierError(message)
    return e164


def format_phone(e164: str) -> str:
    """An E.164 number as people read it (national format for UK numbers)."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if parsed.country_code == 44:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def split_list(value: str) -> list[str]:
    """Comma- or line-separated entries, blanks dropped."""
    return [part.strip() for part in re.split(r"[,\n;]", value or "") if part.strip()]


def normalise_many(value: str, normalise) -> tuple[list[str], list[str]]:
    """Normalise each entry of a list; return (values, problems), each value once."""
    values, problems = [], []
    for entry in split_list(value):
        try:
            normalised = normalise(entry)
        except IdentifierError as error:
            problems.append(str(error))
        else:
            if normalised not in values:
                values.append(normalised)
    return values, problems
