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
