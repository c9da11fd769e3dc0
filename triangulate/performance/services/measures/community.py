"""What people tell the partnership about its services: complaints and whistleblowing
concerns by ward (F56)."""

from __future__ import annotations

from collections import Counter

from triangulate.support.models.complaints import Complaint, Ward

from ...periods import Period
from .base import MONTHLY, Figure, Measure, Quality, Rows, first_record_of
from .breakdowns import NOT_RECORDED


def complaints_by_ward(period: Period) -> Figure:
    rows = list(
        Complaint.objects.filter(received_on__gte=period.start, received_on__lt=period.end)
        .order_by("received_on", "id")
        .values_list("id", "ward__name", "kind")
    )
    wards = Counter(ward or NOT_RECORDED for _, ward, _ in rows)
    names = [*Ward.objects.order_by("name").values_list("name", flat=True), NOT_RECORDED]
    return Figure(
        Rows(Complaint, [pk for pk, *_ in rows]),
        breakdown=[(name, wards[name]) for name in names],
        quality=[
            Quality(
                "complaints and concerns with no ward recorded", wards[NOT_RECORDED], len(rows)
            ),
        ],
    )


MEASURES: list[Measure] = [
    Measure(
        figure_id="F56",
        slug="complaints-by-ward",
        additive=True,
        name="Complaints and whistleblowing concerns, by ward",
        version=1,
        numerator=(
            "Complaints and whistleblowing concerns about the partnership's work with children "
            "received in the month, by the ward where it happened"
        ),
        denominator="",
        period=MONTHLY,
        counting=(
            "Each complaint or concern counts once, by the date received; every ward is listed, "
            "with those where no ward was given as 'Not recorded'."
        ),
        source="Complaints and whistleblowing concerns (support)",
        good="No target: a ward with more concerns than its neighbours is worth asking about",
        higher_is_better=None,
        compute=complaints_by_ward,
        first_record=first_record_of(Complaint, "received_on"),
    ),
]
