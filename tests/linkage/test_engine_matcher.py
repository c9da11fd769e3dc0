"""Single-record matching reuses the trained model and agrees with the batch pipeline."""

import pytest

from bench import synthetic
from bench.matcher import Matcher
from triangulate.linkage.engine.pipeline import link
from triangulate.linkage.engine.standardise import standardise, standardise_one


def test_one_record_standardises_exactly_as_a_batch_does():
    frames, _truth, _people = synthetic.borough(150, seed=4)
    frame = frames["police"].assign(
        known_as=["Becky, Bex", "", "Jamie"] * (len(frames["police"]) // 3)
        + [""] * (len(frames["police"]) % 3)
    )
    frame.loc[0, "nhs_number"] = "9434765918"  # fails its check digit
    frame.loc[1, "date_of_birth"] = "31/02/2012"  # impossible
    batch = standardise(frame, "police").to_dict("records")
    for raw, expected in zip(frame.to_dict("records"), batch, strict=True):
        assert standardise_one(raw, "police") == expected


@pytest.fixture(scope="module")
def linked():
    frames, truth, _people = synthetic.borough(400, seed=12)
    return frames, truth, link(frames)


def test_a_referral_finds_its_register_entry_with_the_models_own_weights(linked):
    frames, truth, result = linked
    matcher = Matcher(result.model, result.records)
    weights = {
        frozenset((a, b)): w
        for a, b, w in zip(
            result.pairs["unique_id_l"],
            result.pairs["unique_id_r"],
            result.pairs["match_weight"],
            strict=True,
        )
    }
    compared = agreed = found = 0
    for record in frames["health"].head(60).to_dict("records"):
        uid = f"health|{record['record_id']}"
        matches = [m for m in matcher.match(record, source="health") if m.unique_id != uid]
        found += any(truth[m.unique_id] == truth[uid] for m in matches[:1])
        for m in matches:
            batch = weights.get(frozenset((uid, m.unique_id)))
            if batch is not None:
                compared += 1
                agreed += abs(batch - m.match_weight) < 1e-6
    assert compared > 20
    assert agreed / compared > 0.95
    assert found > 30
