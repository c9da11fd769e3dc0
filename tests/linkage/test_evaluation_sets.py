"""The second evaluation set's generator: the same set for a seed, with its family traps."""

from bench.households import households


def test_the_households_set_is_the_same_for_a_seed_and_holds_twins_and_juniors():
    frames, truth, people = households(600, seed=4)
    again, truth_again, _ = households(600, seed=4)
    assert all(frames[s].equals(again[s]) for s in frames) and truth == truth_again
    other, _, _ = households(600, seed=5)
    assert not frames["clinic"].equals(other["clinic"])
    traps = {p.trap for p in people}
    assert {"twin", "junior"} <= traps
    # Each record's truth names a person in the population.
    assert set(truth.values()) <= {p.person_id for p in people}
    assert sum(len(f) for f in frames.values()) == len(truth)
