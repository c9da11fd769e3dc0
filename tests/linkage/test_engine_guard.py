import pandas as pd

from triangulate.linkage.engine.clustering import cluster_records
from triangulate.linkage.engine.guard import conflict


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

    from triangulate.linkage.engine import synthetic
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
