"""What a measure is (its written definition beside the function that computes it), the
figure it gives (the records behind it), and when a measure's records begin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Min

from ...periods import Period


@dataclass
class Rows:
    """The records behind one side of a figure: a model and the ids of its rows."""

    model: type
    ids: list[int]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Quality:
    """A data-quality note beside a figure: how many records lack what the measure needs."""

    text: str
    count: int
    of: int


@dataclass
class Dimension:
    """A breakdown of the children behind a figure by one characteristic (ward, ethnicity):
    each group's count, and for a rate the group's denominator. "Not recorded" is a group of
    its own. The groups add up to the figure; pages show them with no total."""

    name: str
    rows: list[tuple[str, int, int | None]]


@dataclass
class Figure:
    numerator: Rows
    denominator: Rows | None = None
    breakdown: list[tuple[str, int]] = field(default_factory=list)
    quality: list[Quality] = field(default_factory=list)
    dimensions: list[Dimension] = field(default_factory=list)

    @property
    def value(self) -> float | int | None:
        if self.denominator is None:
            return len(self.numerator)
        if not len(self.denominator):
            return None
        return round(100 * len(self.numerator) / len(self.denominator), 1)


@dataclass(frozen=True)
class Measure:
    figure_id: str  # the F-number in the list of figures the partnership asked for
    slug: str
    name: str
    version: int
    numerator: str
    denominator: str  # empty for a count
    period: str
    counting: str  # inclusions, exclusions and counting rules
    source: str
    good: str  # what good looks like
    higher_is_better: bool | None
    compute: Callable[[Period], Figure]
    first_record: Callable[[], dt.datetime | dt.date | None]
    unit: str = ""  # "%" for a rate
    additive: bool = False  # the breakdown's groups add up (so may be published with a total)

    @property
    def is_rate(self) -> bool:
        return bool(self.denominator)

    def written(self) -> dict:
        """The written definition, as stored beside a released figure."""
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "period": self.period,
            "counting": self.counting,
            "source": self.source,
            "good": self.good,
        }

    def format(self, value) -> str:
        if value is None:
            return "No records"
        if self.is_rate:
            return f"{value:g}%"
        return f"{value:,}"


def first_record_of(model, field_name: str, **filters):
    def first():
        return model._default_manager.filter(**filters).aggregate(first=Min(field_name))["first"]

    return first


MONTHLY = "Calendar month; the current month is shown to date"
SNAPSHOT = "At the end of each calendar month (today, for the current month)"
