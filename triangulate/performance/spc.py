"""Signal or noise: the XmR (individuals and moving range) process behaviour chart.

The centre line is the mean of the baseline points; the natural process limits are the mean
plus and minus 2.66 times the average moving range (the average absolute difference between
successive points), which is three estimated standard deviations (sigma = average moving
range / 1.128). Three rules find a signal, a change too large to be routine variation:

1. a point outside the natural process limits;
2. a run of eight or more successive points on the same side of the centre line (a point on
   the line breaks a run);
3. two of three successive points more than two sigma from the centre line, on the same side.

The baseline is the first ``BASELINE`` points that may be tested (at most), so a later shift
shows against the limits set before it. Fewer than ``MINIMUM`` points, or a baseline that
never varies (every month the same), give no limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCALING = 2.66  # 3 / d2, where d2 = 1.128 for moving ranges of two points
D2 = 1.128
BASELINE = 12
MINIMUM = 6
RUN = 8

OUTSIDE = "outside"
RUN_RULE = "run"
TWO_OF_THREE = "two_of_three"

RULE_WORDS = {
    OUTSIDE: "outside the natural process limits",
    RUN_RULE: f"part of a run of {RUN} or more on one side of the mean",
    TWO_OF_THREE: "2 of 3 successive points beyond 2 sigma on one side",
}


@dataclass
class Point:
    value: float | None
    tested: bool = True  # False for the month to date, which is not yet comparable
    signals: list[str] = field(default_factory=list)
    side: int = 0  # +1 above the mean, -1 below, 0 on it (or no limits)


@dataclass
class XmR:
    points: list[Point]
    mean: float | None = None
    average_moving_range: float | None = None
    baseline: int = 0  # how many points set the limits
    flat: bool = False  # the baseline never varied, so no limits could be set

    @property
    def has_limits(self) -> bool:
        return self.mean is not None

    @property
    def sigma(self) -> float | None:
        if self.average_moving_range is None:
            return None
        return self.average_moving_range / D2

    @property
    def upper(self) -> float | None:
        if self.mean is None:
            return None
        return self.mean + SCALING * self.average_moving_range

    @property
    def lower(self) -> float | None:
        if self.mean is None:
            return None
        return self.mean - SCALING * self.average_moving_range

    @property
    def signal_count(self) -> int:
        return sum(1 for p in self.points if p.signals)


def xmr(values: list[float | None], tested: list[bool] | None = None) -> XmR:
    """The chart for a series, oldest first. ``None`` is a month with nothing to compute
    (a rate with no denominator): it is left out of the limits and breaks no run."""
    tested = tested if tested is not None else [True] * len(values)
    points = [Point(v, t) for v, t in zip(values, tested, strict=True)]
    usable = [p for p in points if p.value is not None and p.tested]
    chart = XmR(points)
    base = usable[:BASELINE]
    if len(base) < MINIMUM:
        return chart
    values_base = [p.value for p in base]
    ranges = [abs(b - a) for a, b in zip(values_base, values_base[1:], strict=False)]
    if not any(ranges):  # a baseline that never varies sets no limits
        chart.flat = True
        return chart
    chart.baseline = len(base)
    chart.mean = sum(values_base) / len(values_base)
    chart.average_moving_range = sum(ranges) / len(ranges)
    _mark(chart, usable)
    return chart


def _mark(chart: XmR, usable: list[Point]) -> None:
    mean, upper, lower, sigma = chart.mean, chart.upper, chart.lower, chart.sigma
    for p in usable:
        p.side = (p.value > mean) - (p.value < mean)
        if p.value > upper or p.value < lower:
            p.signals.append(OUTSIDE)
    # Runs of eight or more on one side.
    start = 0
    for i in range(1, len(usable) + 1):
        if i == len(usable) or usable[i].side != usable[start].side or usable[i].side == 0:
            if usable[start].side != 0 and i - start >= RUN:
                for p in usable[start:i]:
                    p.signals.append(RUN_RULE)
            start = i
    # Two of three beyond two sigma, on the same side.
    if sigma:
        for i in range(len(usable) - 2):
            window = usable[i : i + 3]
            for side in (1, -1):
                beyond = [p for p in window if side * (p.value - mean) > 2 * sigma]
                if len(beyond) >= 2:
                    for p in beyond:
                        if TWO_OF_THREE not in p.signals:
                            p.signals.append(TWO_OF_THREE)


def describe(point: Point) -> str:
    """The signals at a point, in words (for the table beside the chart)."""
    if not point.tested:
        return "Month to date: not tested"
    if not point.signals:
        return ""
    where = "above" if point.side > 0 else "below"
    return f"Signal ({where} the mean): " + "; ".join(RULE_WORDS[s] for s in point.signals)
