"""The XmR chart's limits and signal rules, on series whose answers are worked by hand."""

import pytest

from triangulate.performance import spc

STEADY = [12, 10] * 6  # mean 11, average moving range 2, limits 5.68 to 16.32, sigma 1.773


def test_limits_are_the_mean_plus_and_minus_2_66_average_moving_ranges():
    chart = spc.xmr([10, 12, 11, 13, 12, 10])

    assert chart.mean == pytest.approx(11.3333, abs=1e-4)
    assert chart.average_moving_range == pytest.approx(1.6)
    assert chart.upper == pytest.approx(15.5893, abs=1e-4)
    assert chart.lower == pytest.approx(7.0773, abs=1e-4)
    assert chart.signal_count == 0


def test_a_point_outside_the_limits_is_a_signal_and_routine_variation_is_not():
    chart = spc.xmr([*STEADY, 13, 20, 5])

    assert [p.signals for p in chart.points[-3:]] == [[], [spc.OUTSIDE], [spc.OUTSIDE]]
    assert chart.points[-2].side == 1 and chart.points[-1].side == -1
    assert chart.signal_count == 2


def test_eight_in_a_row_on_one_side_is_a_signal_but_seven_is_not():
    seven = spc.xmr([*STEADY, *[11.5] * 7])
    eight = spc.xmr([*STEADY, *[11.5] * 8])

    assert seven.signal_count == 0
    assert [p.signals for p in eight.points[-8:]] == [[spc.RUN_RULE]] * 8
    assert eight.points[-9].signals == []


def test_a_point_on_the_mean_breaks_a_run():
    chart = spc.xmr([*STEADY, *[11.5] * 4, 11, *[11.5] * 4])

    assert chart.signal_count == 0


def test_two_of_three_beyond_two_sigma_on_the_same_side_is_a_signal():
    same_side = spc.xmr([*STEADY, 15, 11, 15])
    opposite = spc.xmr([*STEADY, 15, 11, 7])

    assert [p.signals for p in same_side.points[-3:]] == [
        [spc.TWO_OF_THREE],
        [],
        [spc.TWO_OF_THREE],
    ]
    assert opposite.signal_count == 0


def test_the_baseline_is_the_first_twelve_points_so_a_later_shift_stands_out():
    chart = spc.xmr([*STEADY, *[30] * 12])

    assert chart.baseline == 12
    assert chart.mean == 11
    assert all(spc.OUTSIDE in p.signals for p in chart.points[12:])


def test_too_few_points_draw_no_limits_and_the_month_to_date_is_never_tested():
    assert not spc.xmr([10, 12, 11, 13, 12]).has_limits

    chart = spc.xmr([*STEADY, 0], tested=[True] * 12 + [False])

    assert chart.points[-1].signals == []
    assert spc.describe(chart.points[-1]) == "Month to date: not tested"


def test_empty_months_are_left_out_of_the_limits():
    chart = spc.xmr([None, 10, 12, 11, 13, 12, 10])

    assert chart.mean == pytest.approx(11.3333, abs=1e-4)
    assert chart.points[0].signals == []


def test_a_baseline_that_never_varies_sets_no_limits():
    chart = spc.xmr([0] * 12 + [3])

    assert chart.flat and not chart.has_limits
    assert chart.signal_count == 0
