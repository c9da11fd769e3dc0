"""The pipeline end to end on a small synthetic borough with known truth (DuckDB)."""

import itertools
from collections import defaultdict

import pytest

from bench import synthetic
from triangulate.linkage.engine.pipeline import link
from triangulate.linkage.engine.thresholds import Thresholds


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
    assert (result.review["match_probability"] >= Thresholds().review).all()
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


def _spy_on_connections(monkeypatch, tmp_path):
    import tempfile

    import duckdb

    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    opened = []
    real_connect = duckdb.connect

    def connect(*args, **kwargs):
        opened.append(real_connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(duckdb, "connect", connect)
    return folder, opened


def _closed(connection) -> bool:
    import duckdb

    try:
        connection.execute("select 1")
    except duckdb.ConnectionException:
        return True
    return False


def test_a_run_leaves_nothing_in_the_temporary_folder_and_closes_its_database(
    monkeypatch, tmp_path
):
    folder, opened = _spy_on_connections(monkeypatch, tmp_path)
    frames, _truth, _people = synthetic.borough(200, seed=4)
    result = link(frames)
    assert len(result.clusters) > 0
    assert opened and all(_closed(c) for c in opened)
    assert list(folder.iterdir()) == []


def test_a_failed_run_also_leaves_nothing_behind(monkeypatch, tmp_path):
    from triangulate.linkage.engine import pipeline

    folder, opened = _spy_on_connections(monkeypatch, tmp_path)

    def fail(*args, **kwargs):
        raise RuntimeError("the model could not be trained")

    monkeypatch.setattr(pipeline, "_train", fail)
    frames, _truth, _people = synthetic.borough(200, seed=4)
    with pytest.raises(RuntimeError):
        link(frames)
    assert opened and all(_closed(c) for c in opened)
    assert list(folder.iterdir()) == []
