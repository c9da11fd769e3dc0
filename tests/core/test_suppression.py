"""Small-number suppression: primary everywhere, secondary where figures are published with
their total (the public performance report)."""

from triangulate.core import suppression


def test_counts_from_one_to_four_are_hidden_and_zero_and_five_are_shown():
    assert [suppression.shown(n) for n in (0, 1, 4, 5, 12)] == [
        "0",
        "Fewer than 5",
        "Fewer than 5",
        "5",
        "12",
    ]
    assert [suppression.suppress(n) for n in (0, 3, 5)] == [0, None, 5]
    assert suppression.shown(None) == "Fewer than 5"


def test_counts_of_one_to_four_are_published_as_fewer_than_five_and_zero_is_published():
    assert [suppression.shown(n, suppression.FEWER_IN_TEXT) for n in (0, 1, 4, 5, 1234)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "1,234",
    ]


def test_a_single_small_cell_takes_the_next_smallest_with_it_so_the_total_cannot_reveal_it():
    cells, total = suppression.breakdown([3, 40, 12])

    assert cells == ["fewer than 5", "40", "withheld"]
    assert total == "55"


def test_two_small_cells_protect_each_other():
    cells, total = suppression.breakdown([3, 2, 40])

    assert cells == ["fewer than 5", "fewer than 5", "40"]
    assert total == "45"


def test_a_small_total_is_suppressed_with_its_cells():
    cells, total = suppression.breakdown([3, 0])

    assert cells == ["fewer than 5", "0"]
    assert total == "fewer than 5"


def test_no_suppressed_cell_can_be_recovered_by_subtraction():
    for values in ([3, 40, 12], [1, 5, 5, 9], [4, 100], [2, 0, 7], [6, 7, 1, 0, 9]):
        cells, total = suppression.breakdown(values)
        hidden = [i for i, c in enumerate(cells) if not c.replace(",", "").isdigit()]
        if total.replace(",", "").isdigit():
            assert len(hidden) != 1, values


def test_a_rate_is_withheld_when_any_part_of_it_is_small():
    assert suppression.rate(30, 40) == "75.0% (30 of 40)"
    assert suppression.rate(3, 40).startswith("withheld")
    assert suppression.rate(38, 40).startswith("withheld")  # 2 children not: recoverable
    assert suppression.rate(0, 40) == "0.0% (0 of 40)"
    assert suppression.rate(0, 0) == "No records"


def test_rounding_takes_each_count_to_the_nearest_five_after_suppression():
    assert [suppression.rounded(n) for n in (0, 5, 7, 8, 12, 13, 1234)] == [
        0, 5, 5, 10, 10, 15, 1235
    ]  # fmt: skip
    assert suppression.shown(3, round_to_five=True) == "Fewer than 5"
    assert suppression.shown(7, round_to_five=True) == "5"
    # Each cell and the total on its own: 3 + 8 + 13 = 24 is published as 25, not 30.
    cells, total = suppression.breakdown([3, 8, 13], round_to_five=True)
    assert cells == ["fewer than 5", "withheld", "15"]
    assert total == "25"


def test_a_rounded_rate_is_whole_and_says_its_counts_are_rounded():
    assert suppression.rate(31, 42, round_to_five=True) == "74% (about 30 of 40)"
    assert suppression.rate(3, 42, round_to_five=True).startswith("withheld")
