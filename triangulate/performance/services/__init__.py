"""Figures for people, board packs and targets.

- ``measures``: the catalogue of measures, each defined in writing and computed from the
  records, by subject;
- ``figures``: the catalogue's values by period, and the records behind a figure;
- ``packs``: board packs, prepared and released;
- ``targets``: a measure's target and the RAG rule.

The names the views, the API, the demo and the tests use are gathered here.
"""

from .figures import catalogue, counts_only, drill_down, measure_or_404, series
from .packs import (
    changed_since,
    may_release,
    pack_create,
    pack_figures,
    pack_list,
    pack_period,
    pack_release,
    pack_ward_figures,
    released_for_public,
)
from .targets import (
    Invalid,
    all_targets,
    current_target,
    figure_status,
    may_set_target,
    set_target,
    target_for,
    target_written,
)

__all__ = [
    "Invalid",
    "all_targets",
    "catalogue",
    "changed_since",
    "counts_only",
    "current_target",
    "drill_down",
    "figure_status",
    "may_release",
    "may_set_target",
    "measure_or_404",
    "pack_create",
    "pack_figures",
    "pack_list",
    "pack_period",
    "pack_release",
    "pack_ward_figures",
    "released_for_public",
    "series",
    "set_target",
    "target_for",
    "target_written",
]
