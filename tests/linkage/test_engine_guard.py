import pandas as pd

from triangulate.linkage.engine.clustering import cluster_records
from triangulate.linkage.engine.guard import (
    PARENT_AND_CHILD,
    SEX_AND_NAME,
    SIBLINGS,
    TWINS,
    UNDATED,
    clearly_different,
    conflict,
)
from triangulate.linkage.engine.pipeline import PAIR_COLUMNS, cluster_and_triage
from triangulate.linkage.engine.thresholds import Thresholds


def rec(uid, first, last="khan", dob="2012-05-06", **extra):
    source = uid.split("|")[0]
    base = {
        "unique_id": uid,
        "source": source,
        "first_name": first,
        "first_name_canonical": first,
        "known_as": None,
        "last_name": last,
        "date_of_birth": dob,
        "sex": None,
        "nhs_number": None,
        "upn": None,
    }
    base.update(extra)
    return base


def test_twins_parent_and_child_are_conflicts_but_typos_and_swapped_dates_are_not():
    assert "twins" in conflict(rec("a|1", "aisha"), rec("b|1", "zara"))
    parent = rec("a|1", "mohammed", dob="1984-02-01")
    child = rec("b|1", "mohammed", dob="2012-02-01")
    assert "parent" in conflict(parent, child)
    assert conflict(rec("a|1", "aisha"), rec("b|1", "aisah")) is None
    assert (
        conflict(rec("a|1", "aisha", dob="2012-05-06"), rec("b|1", "aisha", dob="2012-06-05"))
        is None
    )
    assert (
        conflict(rec("a|1", "aisha", nhs_number="1"), rec("b|1", "aisha", nhs_number="2"))
        == "different NHS numbers"
    )


def test_twins_are_different_first_names_on_one_birthday_for_a_child_or_with_another_sex():
    assert conflict(rec("a|1", "aisha"), rec("b|1", "zara")) == TWINS
    # Day and month swapped is still the same birthday.
    assert conflict(rec("a|1", "aisha"), rec("b|1", "zara", dob="2012-06-05")) == TWINS
    boy, girl = rec("a|1", "leo", sex="M"), rec("b|1", "mia", sex="F")
    assert conflict(dict(boy, date_of_birth="1990-03-04"), dict(girl, date_of_birth="1990-03-04"))
    # An adult's first name replaced in one record, with everything else the same, is not
    # on its own evidence of two people: the model decides.
    assert (
        conflict(rec("a|1", "sophie", dob="1971-09-09"), rec("b|1", "taylor", dob="1971-09-09"))
        is None
    )


def test_a_parent_and_child_share_a_name_with_the_age_gap_of_a_parent():
    child = rec("b|1", "mohammed", dob="2012-02-01")
    assert conflict(rec("a|1", "mohammed", dob="1984-07-11"), child) == PARENT_AND_CHILD
    # Even when both were born on the same day of the year.
    assert conflict(rec("a|1", "mohammed", dob="1984-02-01"), child) == PARENT_AND_CHILD
    # Too close in age to be a parent; too far to be a keying error: the model decides.
    assert conflict(rec("a|1", "mohammed", dob="2005-07-11"), child) is None
    # Two adults with one name and one address are not taken for a parent and child.
    assert (
        conflict(rec("a|1", "tom", dob="1948-11-01"), rec("b|1", "tom", dob="1973-03-18")) is None
    )


def test_a_date_of_birth_keyed_wrongly_is_not_a_second_person():
    child = rec("a|1", "aisha", dob="2012-05-06")
    for keyed in ("2012-05-08", "2012-05-16", "2012-06-05", "2021-05-06", "2002-05-06"):
        assert conflict(child, rec("b|1", "aisha", dob=keyed)) is None, keyed
    # Another year on the same day and month is a year keyed wrongly.
    assert conflict(child, rec("b|1", "aisha", dob="2009-05-06")) is None
    # Only a date that no single slip explains, with a first name that differs, is.
    assert conflict(child, rec("b|1", "zara", dob="2014-09-21")) == SIBLINGS
    assert clearly_different(child, rec("b|1", "zara", dob="2014-09-21"))
    assert not clearly_different(child, rec("b|1", "zara"))


def test_first_names_in_another_form_or_swapped_with_the_last_name_are_one_person():
    assert conflict(rec("a|1", "rebecca"), rec("b|1", "becky")) is None
    assert conflict(rec("a|1", "aisha"), rec("b|1", "aisah")) is None
    swapped = rec("b|1", "singleton", last="harbry")
    assert conflict(rec("a|1", "harry", last="singleton"), swapped) is None


def test_identifiers_and_sex_count_only_as_evidence_of_two_people():
    both_valid = conflict(rec("a|1", "aisha", nhs_number="1"), rec("b|1", "aisha", nhs_number="2"))
    assert both_valid == "different NHS numbers"
    assert clearly_different(
        rec("a|1", "aisha", nhs_number="1"), rec("b|1", "aisha", nhs_number="2")
    )
    assert conflict(rec("a|1", "aisha", upn="A1"), rec("b|1", "aisha", upn="A2"))
    # The sex alone disagreeing while the name agrees is a keying error...
    assert conflict(rec("a|1", "aisha", sex="F"), rec("b|1", "aisha", sex="M")) is None
    # ...but with a first name that is not the same name it is two people.
    adult = {"dob": "1990-01-02"}
    danielle = rec("b|1", "danielle", sex="F", **adult)
    assert conflict(rec("a|1", "daniel", sex="M", **adult), danielle) == SEX_AND_NAME


def _pairs(rows):
    frame = pd.DataFrame(
        [
            {
                "unique_id_l": a,
                "unique_id_r": b,
                "source_l": a.split("|")[0],
                "record_id_l": a.split("|")[1],
                "source_r": b.split("|")[0],
                "record_id_r": b.split("|")[1],
                "match_probability": p,
                "match_weight": 10.0,
            }
            for a, b, p in rows
        ]
    )
    return frame[list(PAIR_COLUMNS)]


def test_every_refused_merge_goes_to_review_with_its_reason():
    records = pd.DataFrame(
        [
            rec("a|1", "aisha"),
            rec("b|1", "zara"),
            rec("a|2", "mohammed", dob="1984-07-11"),
            rec("b|2", "mohammed", dob="2012-02-01"),
            rec("a|3", "leo", dob="2010-01-02"),
            rec("b|3", "leo", dob="2010-02-01"),
        ]
    )
    records["record_id"] = records["unique_id"].str.split("|").str[1]
    pairs = _pairs([("a|1", "b|1", 0.999), ("a|2", "b|2", 0.99), ("a|3", "b|3", 0.98)])
    _pairs_out, clusters, review = cluster_and_triage(pairs, records, Thresholds())
    person = dict(zip(clusters["unique_id"], clusters["person_id"], strict=True))
    assert person["a|3"] == person["b|3"]  # day and month swapped: merged
    assert person["a|1"] != person["b|1"] and person["a|2"] != person["b|2"]
    reasons = dict(zip(review["unique_id_l"], review["reason"], strict=True))
    assert reasons == {"a|1": TWINS, "a|2": PARENT_AND_CHILD}


def test_a_record_that_fits_both_twins_joins_neither_and_the_twins_stay_apart():
    records = pd.DataFrame(
        [
            rec("a|1", "aisha"),
            rec("b|1", None),  # no first name: fits either twin
            rec("c|1", "zara"),
        ]
    )
    result = cluster_records(records, [("a|1", "b|1", 0.999), ("b|1", "c|1", 0.998)])
    assert len({result.person_of[u] for u in ("a|1", "b|1", "c|1")}) == 3
    assert any("two people" in reason for *_ids, reason in result.held_back)


def test_a_chain_of_links_cannot_merge_twins_through_a_third_record():
    records = pd.DataFrame(
        [
            rec("a|1", "aisha"),
            rec("a|2", "aisha", dob=None),
            rec("c|1", None, dob=None),
            rec("c|2", "zara"),
        ]
    )
    # a|2 and c|1 are compatible with each other (no date), but their groups hold twins.
    links = [("a|1", "a|2", 0.999), ("c|1", "c|2", 0.999), ("a|2", "c|1", 0.97)]
    result = cluster_records(records, links, candidates=links[:2])
    assert result.person_of["a|1"] == result.person_of["a|2"]
    assert result.person_of["c|1"] == result.person_of["c|2"] != result.person_of["a|1"]
    assert any("twins" in reason for *_ids, reason in result.held_back)


def test_reviewers_decisions_win_over_the_model_and_one_to_one_sources_hold_one_record_each():
    records = pd.DataFrame([rec("a|1", "leo"), rec("a|2", "leo"), rec("b|1", "leo")])
    links = [("a|1", "b|1", 0.99), ("a|2", "b|1", 0.98)]
    one_to_one = cluster_records(records, links, duplicate_free_sources=["a", "b"])
    assert one_to_one.person_of["a|1"] == one_to_one.person_of["b|1"] != one_to_one.person_of["a|2"]
    refused = cluster_records(records, links, cannot_link=[("a|1", "b|1")])
    assert refused.person_of["a|1"] != refused.person_of["b|1"]
    forced = cluster_records(records, [], must_link=[("a|1", "a|2")])
    assert forced.person_of["a|1"] == forced.person_of["a|2"]


def test_the_guard_over_many_pairs_at_once_decides_exactly_as_pair_by_pair():
    import random

    from bench import synthetic
    from triangulate.linkage.engine.guard import (
        CONFLICT_REASONS,
        clearly_different,
        conflict,
        pair_checks_at,
    )
    from triangulate.linkage.engine.standardise import standardise_all

    frames, _truth, _people = synthetic.borough(1500, seed=17)
    records = standardise_all(frames)
    ids = list(records["unique_id"])
    rng = random.Random(5)
    # Sex recorded wrongly now and then, and pupil numbers on some records.
    records["sex"] = [
        s if rng.random() > 0.05 else ("F" if s == "M" else "M") for s in records["sex"]
    ]
    records["upn"] = [rng.choice(["A1", "A2"]) if rng.random() < 0.2 else None for _ in ids]
    # Same-surname pairs are where twins, siblings and parents sit; random pairs the rest.
    by_surname: dict[str, list[str]] = {}
    for uid, surname in zip(ids, records["last_name"], strict=True):
        by_surname.setdefault(surname, []).append(uid)
    pairs = [(a, b) for group in by_surname.values() for a in group for b in group if a < b]
    pairs += [tuple(rng.sample(ids, 2)) for _ in range(20000)]
    index = pd.Index(records["unique_id"])
    reasons, clearly = pair_checks_at(
        records,
        index.get_indexer([a for a, _ in pairs]),
        index.get_indexer([b for _, b in pairs]),
    )
    by_id = records.set_index("unique_id", drop=False).to_dict("index")
    expected = [conflict(by_id[a], by_id[b]) for a, b in pairs]
    assert [CONFLICT_REASONS[r] for r in reasons] == expected
    assert list(clearly) == [clearly_different(by_id[a], by_id[b]) for a, b in pairs]
    # The sample exercises every reason, not just "no conflict".
    assert {r for r in expected if r} == set(CONFLICT_REASONS[1:])


def test_a_misspelt_short_form_or_one_identifier_on_both_records_is_not_twins():
    # "willam" is William misspelt, and Billy is William's short form.
    assert conflict(rec("a|1", "willam"), rec("b|1", "billy")) is None
    assert conflict(rec("a|1", "aisha"), rec("b|1", "zara")) == TWINS
    # One valid NHS number on both records outweighs two misspellings of one name.
    archie, again = rec("a|1", "arcihe"), rec("b|1", "acrhie")
    assert conflict(archie, again) == TWINS
    one = {"nhs_number": "9434765919"}
    assert conflict(dict(archie, **one), dict(again, **one)) is None


def test_different_first_names_with_no_date_of_birth_are_held_back_as_possible_relatives():
    holly, talia = rec("a|1", "holly", dob=None), rec("b|1", "talia", dob=None)
    assert conflict(holly, talia) == UNDATED
    assert not clearly_different(holly, talia)  # a person may still decide
    assert conflict(holly, rec("b|1", "holly", dob=None)) is None
    assert conflict(rec("a|1", "rebecca", dob=None), rec("b|1", "becky")) is None


def test_a_link_between_people_with_different_nhs_numbers_is_held_back_without_review():
    def queue(megan_nhs):
        records = pd.DataFrame(
            [
                rec("a|1", "megan", nhs_number=megan_nhs),
                rec("a|2", "niamh", nhs_number="9434765870"),
                rec("b|2", "niamh"),
            ]
        )
        records["record_id"] = records["unique_id"].str.split("|").str[1]
        pairs = _pairs([("a|2", "b|2", 0.999), ("a|1", "b|2", 0.99)])
        _out, clusters, review = cluster_and_triage(pairs, records, Thresholds())
        person = dict(zip(clusters["unique_id"], clusters["person_id"], strict=True))
        assert person["a|2"] == person["b|2"] != person["a|1"]
        return list(review["reason"])

    # Twins with nothing else to tell them apart: a person decides.
    assert queue(None) == [TWINS]
    # Their NHS numbers already say they are two people: nobody's time is spent on it.
    assert queue("9434765919") == []


def test_a_known_name_close_to_a_formal_name_is_not_its_short_form():
    # Danielle is her own name, not Daniel misspelt: a girl and her brother Danny differ.
    danielle = rec("a|1", "danielle", dob="2020-10-19")
    assert conflict(danielle, rec("b|1", "danny", dob="2022-08-24")) == SIBLINGS
    assert conflict(rec("a|1", "dniel"), rec("b|1", "danny")) is None
