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
