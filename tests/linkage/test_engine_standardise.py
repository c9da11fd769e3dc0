import pandas as pd

from triangulate.linkage.engine.standardise import standardise


def one(**values):
    frame = pd.DataFrame([{"record_id": "1", **values}])
    return standardise(frame, "police").iloc[0].to_dict()


def test_names_lose_case_accents_and_punctuation_and_nicknames_get_a_canonical_form():
    row = one(first_name="  BECKY ", last_name="O'Brien-Smith", known_as="Bex")
    assert row["first_name"] == "becky"
    assert row["first_name_canonical"] == "rebecca"
    assert row["last_name"] == "obrien smith"
    assert row["known_as"] == "rebecca"


def test_dates_of_birth_in_common_formats_are_read_and_impossible_ones_are_missing():
    assert one(date_of_birth="03/04/2012")["date_of_birth"] == "2012-04-03"
    assert one(date_of_birth="20120403")["date_of_birth"] == "2012-04-03"
    assert one(date_of_birth="2012-04-03")["date_of_birth"] == "2012-04-03"
    assert one(date_of_birth="31/02/2012")["date_of_birth"] is None
    assert one(date_of_birth="01/01/2999")["date_of_birth"] is None


def test_identifiers_that_fail_their_checks_are_missing_not_fixed():
    assert one(nhs_number="943 476 5919")["nhs_number"] == "9434765919"
    assert one(nhs_number="9434765918")["nhs_number"] is None


def test_uk_postcodes_give_sector_and_district():
    row = one(postcode="km4 7qt")
    assert (row["postcode"], row["postcode_sector"], row["postcode_district"]) == (
        "KM4 7QT",
        "KM4 7",
        "KM4",
    )


def test_the_vectorised_identifier_checks_agree_with_the_one_at_a_time_checks():
    import random

    from triangulate.core.identifiers import UPN_CHECK_LETTERS, is_valid_nhs_number, is_valid_upn
    from triangulate.linkage.engine.standardise import valid_identifiers

    rng = random.Random(7)
    nhs = ["".join(rng.choice("0123456789") for _ in range(10)) for _ in range(5000)]
    nhs += ["943 476 5919", "943-476-5919", "94347659190", "abc", "", None]
    got = valid_identifiers(pd.Series(nhs), "nhs")
    assert [g is not None for g in got] == [bool(v) and is_valid_nhs_number(v) for v in nhs]
    assert got.notna().sum() > 300  # about one number in eleven passes at random

    tail = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    upns = [
        rng.choice(UPN_CHECK_LETTERS + "IOS")
        + "".join(rng.choice("0123456789") for _ in range(11))
        + rng.choice(tail)
        for _ in range(10000)
    ] + ["", None, "a1234", "A12345678901I"]
    got = valid_identifiers(pd.Series(upns), "upn")
    assert [g is not None for g in got] == [bool(v) and is_valid_upn(v) for v in upns]
    assert got.notna().sum() > 100


def test_address_words_shared_by_a_few_records_are_rare_and_common_ones_are_not():
    from triangulate.linkage.engine.standardise import RARE_WORD_MAX_RECORDS, standardise_all

    common = [f"{n} mill lane kingsmere" for n in range(RARE_WORD_MAX_RECORDS + 1)]
    frame = pd.DataFrame(
        {
            "record_id": [str(i) for i in range(len(common) + 3)],
            "address": [*common, "4 Quayside Walk", "40 quayside wlak", "9 Tannery Row"],
        }
    )
    rows = standardise_all({"council": frame}).set_index("record_id")["address_rare_words"]
    n = len(common)
    assert rows[str(n)] == ["quayside"] and rows[str(n + 1)] == ["quayside"]
    assert rows["0"] is None  # "mill", "lane", "kingsmere" are in too many records
    assert rows[str(n + 2)] is None  # its words appear in no other record


NAMES = ["Smith,Jones", "Smith-Jones", "O'Brien", "  Zoë  ", "St. John", "Ann-Marie 2", "", None]
DATES = [
    "2012-05-06",
    "06/05/2012",
    "20120506",
    "06-05-2012",
    "6.5.2012",
    "2012/05/06",
    "1899-12-31",
    "2099-01-01",
    "31/02/2012",
    "not a date",
    "",
    None,
]


def test_one_normalisation_of_names_and_dates_serves_the_front_door_the_register_and_linkage():
    import datetime as dt

    from triangulate.core import identifiers
    from triangulate.linkage.engine.standardise import standardise_all, standardise_one
    from triangulate.linkage.services.extract_files import parse_date
    from triangulate.register.names import normalise_name

    # "Smith,Jones" is the same name to the register, the front door and linkage.
    assert identifiers.normalise_name("Smith,Jones") == "smith jones"
    assert normalise_name("Smith,Jones") == "smith jones"
    assert standardise_one({"record_id": "1", "last_name": "Smith,Jones"}, "a")["last_name"] == (
        "smith jones"
    )
    # The vectorised forms are held to the one-value forms.
    vectorised = identifiers.normalise_names(pd.Series(NAMES)).tolist()
    assert vectorised == [identifiers.normalise_name(n) or None for n in NAMES]
    assert [normalise_name(n) for n in NAMES if n is not None] == [
        identifiers.normalise_name(n) for n in NAMES if n is not None
    ]
    today = dt.date(2026, 1, 1)
    one = [identifiers.parse_date_of_birth(d, today=today) for d in DATES]
    assert identifiers.parse_dates_of_birth(pd.Series(DATES), today=today).tolist() == [
        d.isoformat() if d else None for d in one
    ]
    assert one[:6] == [dt.date(2012, 5, 6)] * 6 and one[6:] == [None] * 6
    assert [parse_date(d) for d in DATES if d] == [
        identifiers.parse_date_of_birth(d) for d in DATES if d
    ]
    frame = pd.DataFrame({"record_id": [str(i) for i in range(len(NAMES))], "last_name": NAMES})
    assert standardise_all({"a": frame})["last_name"].tolist() == vectorised
