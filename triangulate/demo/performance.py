"""The demo's board pack: last month's figures, released by the chief officer and published
as a public report (small numbers suppressed)."""

from __future__ import annotations

from triangulate.performance import services
from triangulate.performance.measures import CATALOGUE
from triangulate.performance.periods import Period

from .borough import Borough


def generate(borough: Borough, **_) -> None:
    chief = borough.users["pat.chief"]
    last_month = Period.containing(borough.today, borough.today).previous()
    pack = services.pack_create(
        actor=chief,
        title=f"Partnership board pack, {last_month.start:%B %Y}",
        month=last_month.key,
        slugs=[measure.slug for measure in CATALOGUE],
    )
    services.pack_release(
        actor=chief,
        pack=pack,
        version=pack.version,
        so_what=(
            "Read the up-to-date risk assessment figure first: every child with an open case "
            "should have one, and the records behind the figure show who does not."
        ),
        actions="Team managers to book the overdue assessments; the figure is reviewed monthly.",
        publish=True,
    )
