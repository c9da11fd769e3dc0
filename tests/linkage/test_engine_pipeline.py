"""The pipeline end to end on a small synthetic borough with known truth (DuckDB)."""

import itertools
from collections import defaultdict

import pytest

from triangulate.linkage.engine import synthetic
from triangulate.linkage.engine.pipeline import link


@pytest.fixture(scope="module")
def borough():
    frames, truth, population = synthetic.borough(1200, seed=7)
    return frames, truth, population, link(frames)


def pairs_by_cluster(mapping):
    groups = defaultdict(list)
    for uid, person in mapping.items():
        groups[person].append(uid)
    return {frozenset(p) for members in groups.values() for p in itertools.combinations(members, 2)}


def test_links_most_true_pairs_and_makes_no_false_merges(borough):
    frames, truth, _population, result = borough
    found = pairs_by_cluster(
        dict(zip(result.clusters["unique_id"], result.clusters["person_id"], strict=True))
    )
    real = pairs_by_cluster(truth)
    assert found, "nothing was linked"
    assert found <= real, f"{len(found - real)} pairs of different people were merged"
    assert len(found & real) / len(real) > 0.85


def test_twins_and_same_name_parents_are_never_merged_automatically(borough):
    _frames, truth, population, result = borough
    person_of = dict(zip(result.clusters["unique_id"], result.clusters["person_id"], strict=True))
    trapped = {p.person_id for p in population if p.trap}
    assert trapped, "the synthetic borough should contain twins and same-name parents"
    clusters = defaultdict(set)
    for uid, cluster in person_of.items():
        clusters[cluster].add(truth[uid])
    assert all(len(people) == 1 for people in clusters.values() if people & trapped)


def test_uncertain_pairs_go_to_review_with_a_reason_and_a_saved_model_reproduces_the_scores(
    borough,
):
    frames, _truth, _population, result = borough
    assert len(result.review) > 0
    assert set(result.review["reason"]) >= {"uncertain match"}
    assert (result.review["match_probability"] >= 0.5).all()
    again = link(frames, model=result.model)
    assert (
        again.pairs["match_probability"].round(9).tolist()
        == result.pairs["match_probability"].round(9).tolist()
    )
    assert again.clusters["person_id"].tolist() == result.clusters["person_id"].tolist()


def test_a_run_reports_each_phase_as_it_begins():
    from triangulate.linkage.engine.pipeline import PHASES

    frames, _truth, _population = synthetic.borough(120, seed=2)
    seen = []
    link(frames, on_phase=seen.append)
    assert seen == list(PHASES)
