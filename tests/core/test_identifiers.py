import pytest

from triangulate.core.identifiers import (
    IdentifierError,
    is_valid_nhs_number,
    nhs_check_digit,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    upn_check_letter,
)


def test_nhs_number_modulus_11():
    assert normalise_nhs_number("943 476 5919") == "9434765919"
    assert normalise_nhs_number("943-476-5919") == "9434765919"
    assert not is_valid_nhs_number("9434765918")  # wrong check digit
    assert not is_valid_nhs_number("943476591")  # nine digits


def test_nhs_number_whose_check_would_be_ten_is_invalid():
    first_nine = next(
        f"{n:09d}" for n in range(100000000, 100100000) if nhs_check_digit(f"{n:09d}") is None
    )
    for last in "0123456789":
        assert not is_valid_nhs_number(first_nine + last)


def test_nhs_check_digit_eleven_becomes_zero():
    first_nine = next(
        f"{n:09d}"
        for n in range(100000000, 100100000)
        if sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1), strict=True)) % 11 == 0
    )
    assert nhs_check_digit(first_nine) == 0
    assert is_valid_nhs_number(first_nine + "0")


def test_upn_check_letter():
    body = "871300026001"
    letter = upn_check_letter(body)
    assert letter not in "IOS"
    assert normalise_upn((letter + body).lower()) == letter + body
    wrong = next(c for c in "ABCDEFGH" if c != letter)
    with pytest.raises(IdentifierError, match="check letter"):
        normalise_upn(wrong + body)


def test_temporary_upn_ends_in_a_letter():
    body = "87130002600A"
    upn = upn_check_letter(body) + body
    assert normalise_upn(upn) == upn


def test_upn_format_errors():
    with pytest.raises(IdentifierError, match="13 characters"):
        normalise_upn("A12345")


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" M1   1AE ", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("cr26xh", "CR2 6XH"),
        ("dn551pt", "DN55 1PT"),
        ("gir0aa", "GIR 0AA"),
        ("km4 7qt", "KM4 7QT"),
    ],
)
def test_postcodes_are_normalised(raw, normalised):
    assert normalise_postcode(raw) == normalised


@pytest.mark.parametrize("raw", ["", "12345", "SW1A", "AI1 1AA", "SW1A 1A", "AA1 1AAA"])
def test_malformed_postcodes_are_refused(raw):
    with pytest.raises(IdentifierError):
        normalise_postcode(raw)
