"""Display logic for linkage pages."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.urls import reverse

from triangulate.core.identifiers import format_nhs_number
from triangulate.core.presenters import uk_date, uk_datetime

from .engine.schema import COLUMN_LABELS, PERSON_FIELDS
from .models import (
    REGISTER_SOURCE,
    ExtractStatus,
    MatchPair,
    PairStatus,
    RunStage,
    RunStatus,
    SourceRecord,
)

COMPARISON_FIELDS = {
    "first_name": ("first_name", "known_as"),
    "last_name": ("last_name",),
    "date_of_birth": ("date_of_birth",),
    "postcode": ("postcode",),
    "address": ("address",),
    "nhs_number": ("nhs_number",),
    "upn": ("upn",),
    "sex": ("sex",),
    "phone": ("phone",),
    "email": ("email",),
}
DISPLAY_FIELDS = PERSON_FIELDS
# What each comparison compares, as a sentence's subject, and its verb.
COMPARED = {
    "first_name": ("first names", "are"),
    "last_name": ("last names", "are"),
    "date_of_birth": ("dates of birth", "are"),
    "postcode": ("postcodes", "are"),
    "address": ("addresses", "are"),
    "nhs_number": ("NHS numbers", "are"),
    "upn": ("unique pupil numbers", "are"),
    "sex": ("recorded sex", "is"),
    "phone": ("phone numbers", "are"),
    "email": ("email addresses", "are"),
}
SIMILARITY = re.compile(r"(Jaro-Winkler|Jaro|Cosine|Jaccard) (distance|similarity) .*>= ?([0-9.]+)")


def plain_comparison(comparison: str, level: str) -> str:
    """How one comparison came out, in plain words ("First names are very similar") rather
    than the model's rule ("Jaro-Winkler distance of first_name >= 0.92"), which the page
    keeps under "How this was worked out"."""
    subject, verb = COMPARED.get(comparison, (COLUMN_LABELS.get(comparison, comparison), "are"))

    def sentence(text: str) -> str:
        return f"{subject} {verb} {text}"[:1].upper() + f"{subject} {verb} {text}"[1:]

    if not level or level == "Missing on one side" or level.endswith("is NULL"):
        return "Not recorded on one of the records"
    if level.startswith("Exact match"):
        return sentence("the same")
    if level == "All other comparisons":
        return sentence("different")
    similar = SIMILARITY.match(level)
    if similar:
        return sentence("very similar" if float(similar.group(3)) >= 0.9 else "similar")
    if level.startswith(("Levenshtein", "Damerau-Levenshtein")):
        return sentence("nearly the same (one character different)")
    return level  # our own levels are written in plain words already


def source_label(record: SourceRecord) -> str:
    if record.source_name == REGISTER_SOURCE:
        return f"Register entry, {record.owning_agency.name}"
    return f"{record.source_name} ({record.owning_agency.name}), record {record.record_id}"


def _value(record: SourceRecord, field: str) -> str:
    value = getattr(record, field)
    if field == "date_of_birth":
        return uk_date(value)
    if field == "nhs_number":
        return format_nhs_number(value)
    if field == "sex":
        return {"F": "Female", "M": "Male"}.get(value, "")
    return value or ""


def side_by_side(pair: MatchPair) -> list[list[dict]]:
    """Table rows: field, left value, right value, and how the model judged that field."""
    level_of = {
        c["comparison"]: plain_comparison(c["comparison"], c["level"]) for c in pair.contributions
    }
    field_level = {}
    for comparison, fields in COMPARISON_FIELDS.items():
        for field in fields:
            field_level.setdefault(field, level_of.get(comparison, ""))
    rows = []
    for field in DISPLAY_FIELDS:
        left, right = _value(pair.left, field), _value(pair.right, field)
        if not left and not right:
            continue
        rows.append(
            [
                {"text": COLUMN_LABELS[field]},
                {"text": left or "Not recorded"},
                {"text": right or "Not recorded"},
                {"text": field_level.get(field, "Not compared")},
            ]
        )
    return rows


def merge_rows(comparison) -> list[list[dict]]:
    """The two entries of a manual merge side by side, a row per recorded field, with the
    rows that differ marked."""
    rows = []
    for field in DISPLAY_FIELDS:
        kept, duplicate = _value(comparison.surviving, field), _value(comparison.merged, field)
        if not kept and not duplicate:
            continue
        differs = bool(kept and duplicate and kept.lower() != duplicate.lower())
        rows.append(
            [
                {"text": COLUMN_LABELS[field]},
                {"text": kept or "Not recorded"},
                {"text": duplicate or "Not recorded"},
                {"text": "Different" if differs else ""},
            ]
        )
    return rows


def _width_class(weight: float, biggest: float) -> str:
    step = round(20 * abs(weight) / biggest) if biggest else 0
    return f"app-waterfall__bar--w{max(step, 1 if weight else 0)}"


def waterfall(pair: MatchPair) -> dict:
    """The match weight built up step by step: a table with CSS bars, no script."""
    steps = [
        {
            "label": "Starting point (how often two random records match)",
            "level": "",
            "weight": pair.prior_weight,
        }
    ]
    for item in pair.contributions:
        steps.append(
            {
                "label": COLUMN_LABELS.get(item["comparison"], item["comparison"]),
                "level": plain_comparison(item["comparison"], item["level"]),
                "rule": item["level"],
                "weight": item["weight"],
            }
        )
    biggest = max((abs(s["weight"]) for s in steps), default=1) or 1
    running = 0.0
    for step in steps:
        running += step["weight"]
        step["running"] = round(running, 2)
        step["direction"] = (
            "for" if step["weight"] > 0 else ("against" if step["weight"] < 0 else "neutral")
        )
        step["bar_class"] = _width_class(step["weight"], biggest)
        step["weight_text"] = f"{step['weight']:+.1f}"
    return {
        "steps": steps,
        "total": round(pair.match_weight, 2),
        "probability": f"{100 * pair.match_probability:.1f}%",
    }


def queue_rows(pairs) -> list[list[dict]]:
    rows = []
    for pair in pairs:
        href = reverse("linkage:pair", args=[pair.pk])
        rows.append(
            [
                {
                    "link": {
                        "href": href,
                        "text": f"{pair.left.full_name or 'No name'} and "
                        f"{pair.right.full_name or 'No name'}",
                    }
                },
                {"text": f"{100 * pair.match_probability:.1f}%"},
                {"text": pair.reason},
            ]
        )
    return rows


GROUP_FIELDS = ("date_of_birth", "sex", "address", "postcode", "nhs_number")


def group_tables(groups) -> list[dict]:
    """Each obvious group: its pairs, and a row of evidence for each of its records."""
    tables = []
    for number, group in enumerate(groups, start=1):
        records = {r.pk: r for p in group for r in (p.left, p.right)}.values()
        rows = [
            [
                {"text": source_label(record)},
                {"text": record.full_name or "No name"},
                *({"text": _value(record, field)} for field in GROUP_FIELDS),
            ]
            for record in records
        ]
        tables.append(
            {
                "number": number,
                "caption": f"Group {number}: {len(records)} records, {len(group)} pairs",
                "pairs": [p.pk for p in group],
                "rows": rows,
            }
        )
    return tables


GROUP_HEAD = [{"text": "Record"}, {"text": "Name"}] + [
    {"text": COLUMN_LABELS[field]} for field in GROUP_FIELDS
]


def accept_wording(pair: MatchPair, outcome: str) -> tuple[str, str]:
    """The "yes" answer for this pair, and what to say once it is done, in the words of
    what happens to the register (services.accept_outcome)."""
    unlinked = pair.right if pair.left.person_id else pair.left
    return {
        "merge": (
            "Yes, the same person: merge their two register entries",
            "The two register entries have been merged.",
        ),
        "attach": (
            f"Yes, the same person: add the {unlinked.source_name} record to the register entry",
            f"The {unlinked.source_name} record has been added to the register entry.",
        ),
        "same_entry": (
            "Yes, the same person: they are already on one register entry",
            "Decision saved. Both records were already on one register entry.",
        ),
        "together": (
            "Yes, the same person: keep these records together (neither is on the register)",
            "Decision saved. The next linkage run keeps these records together.",
        ),
    }[outcome]


def withheld_label(record: SourceRecord) -> str:
    return f"A record held by {record.owning_agency.name}"


def one_side(record: SourceRecord) -> list[list[dict]]:
    """The fields of the one record of a pair that the reviewer may see."""
    rows = []
    for field in DISPLAY_FIELDS:
        value = _value(record, field)
        if value:
            rows.append([{"text": COLUMN_LABELS[field]}, {"text": value}])
    return rows


def pair_page(opened) -> dict:
    """What the pair page shows: both records and the match weight when the reviewer may
    see both; otherwise the record they may see and only the agency holding the other."""
    pair = opened.pair
    if opened.both_shown:
        return {
            "rows": side_by_side(pair),
            "waterfall": waterfall(pair),
            "left_label": source_label(pair.left),
            "right_label": source_label(pair.right),
        }
    shown, withheld = (pair.left, pair.right) if opened.left_shown else (pair.right, pair.left)
    page = {
        "rows": one_side(shown),
        "shown_label": source_label(shown),
        "withheld_label": withheld_label(withheld),
    }
    if opened.may_give_view:
        # Which items agree and their weights say nothing of the other record's values.
        page["waterfall"] = waterfall(pair)
    return page


VIEW_WORDS = {
    PairStatus.ACCEPTED: "the same person",
    PairStatus.REJECTED: "different people",
    PairStatus.NOT_SURE: "not sure",
}


def other_view_text(views) -> str:
    """What one owning agency is told of the other's view: the view, never the reasons."""
    if not views.other_view:
        return f"{views.other_agency} has not yet given its view."
    if views.own and views.other_view == views.own.view:
        return f"{views.other_agency} agrees: {VIEW_WORDS[views.other_view]}."
    if views.own:
        return (
            f"{views.other_agency} sees it differently ({VIEW_WORDS[views.other_view]}). "
            "The pair stays waiting until both agencies agree; talk to them if you need to."
        )
    return f"{views.other_agency} has given its view."


def view_saved_message(pair: MatchPair) -> str:
    if pair.status == PairStatus.ACCEPTED:
        return "Both agencies agree these are the same person. The pair is decided."
    if pair.status == PairStatus.REJECTED:
        return "Both agencies agree these are different people. The pair is decided."
    return "Your agency's view is saved. The pair waits until both agencies agree."


def needs_view_rows(user, pairs) -> list[list[dict]]:
    """Pairs that need the user's agency's view: their own record's name, the agency holding
    the other record, and where the views stand. Nothing of the other record."""
    rows = []
    for pair in pairs:
        own, other = (
            (pair.left, pair.right)
            if pair.left.owning_agency_id == user.agency_id
            else (pair.right, pair.left)
        )
        views = {v.agency_id: v.view for v in pair.agency_views.all()}
        ours, theirs = views.get(user.agency_id), views.get(other.owning_agency_id)
        if ours is None:
            standing = "Your agency's view is needed"
        elif theirs is None:
            standing = f"Waiting for {other.owning_agency.name}"
        elif theirs == ours:
            standing = "Both agencies agree"
        else:
            standing = "The agencies disagree"
        rows.append(
            [
                {
                    "link": {
                        "href": reverse("linkage:pair", args=[pair.pk]),
                        "text": own.full_name or "No name",
                    }
                },
                {"text": other.owning_agency.name},
                {"text": f"{100 * pair.match_probability:.1f}%"},
                {"text": standing},
            ]
        )
    return rows


def run_stage(run) -> str:
    """The run's stage as "Stage 2 of 5: …"; empty for a run from before stages."""
    if not run.stage:
        return ""
    return f"Stage {run.stage_number} of {len(RunStage.values)}: {run.get_stage_display()}"


@dataclass(frozen=True)
class Progress:
    """Work going on in the background, as its page follows it (``background_status`` in
    linkage/_macros.html, ADR 0008): while ``working`` the page asks for itself again."""

    working: bool
    # The state, in the page's polite live region: say only what is worth announcing.
    state: str
    done: int
    total: int
    unit: str  # "stages done": the count reads "2 of 5 stages done"
    label: str  # the accessible name of the <progress> element
    noun: str  # "run": "The run carries on if you leave this page."
    # Show the count under the progress bar (when the state does not already say it).
    count_shown: bool = False

    @property
    def count(self) -> str:
        return f"{self.done:,} of {self.total:,} {self.unit}"


def run_progress(run) -> Progress:
    """The stage sentence, and the stages done out of all of them."""
    return Progress(
        working=run.status == RunStatus.RUNNING,
        state=run_stage(run) or "The linkage run is running.",
        done=max(run.stage_number - 1, 0),
        total=len(RunStage.values),
        unit="stages done",
        label="Linkage run progress",
        noun="run",
    )


def extract_progress(extract) -> Progress:
    """An import's rows written out of all of them. Only the state is announced: the count
    changes every few seconds, too often to read out."""
    return Progress(
        working=extract.status == ExtractStatus.IMPORTING,
        state="Importing the records.",
        done=extract.processed_rows,
        total=extract.total_rows,
        unit="rows imported",
        label="Import progress",
        noun="import",
        count_shown=True,
    )


def run_summary(run) -> list[dict]:
    stats = run.stats or {}
    evaluation = stats.get("evaluation", {})
    rows = [("Status", run.get_status_display()), ("Started", uk_datetime(run.started_at))]
    # A running run's stage is shown above the list, with its progress bar.
    if run.status == RunStatus.FINISHED:
        rows += [
            ("Records linked", stats.get("records", "")),
            ("Persons", stats.get("persons", "")),
            ("Records that match no register entry", stats.get("unmatched_records", "")),
            ("Automatic merges", stats.get("automatic_merges", "")),
            ("Pairs for review", review_load(run) or stats.get("review_pairs", "")),
        ]
    elif run.status == RunStatus.FAILED and run.stage:
        rows.append(("Stopped during", run_stage(run)))
    rows.append(
        (
            "Thresholds",
            f"link at {run.accept_threshold:.0%}, review from {run.review_threshold:.0%}",
        )
    )
    if evaluation.get("labelled_pairs"):
        rows.append(
            (
                "Agreement with earlier review decisions",
                f"{evaluation['model_agrees']} of {evaluation['labelled_pairs']} "
                f"({evaluation['model_would_link_wrongly']} the model would link wrongly, "
                f"{evaluation['model_would_miss']} it would miss)",
            )
        )
    if run.failure:
        rows.append(("What to do", run.failure))
    return [
        {"key": {"text": k}, "value": {"text": str(v) if v not in ("", None) else "Not known"}}
        for k, v in rows
    ]


def review_load(run) -> str:
    """A run's review load: the pairs it left for people, per 1,000 records it linked."""
    stats = (run.stats or {}) if run else {}
    pairs, records = stats.get("review_pairs"), stats.get("records")
    if pairs is None or not records:
        return ""
    return f"{pairs:,} ({1000 * pairs / records:.1f} per 1,000 records linked)"


def _level_weight(level: dict) -> float | None:
    m, u = level.get("m_probability"), level.get("u_probability")
    if not m or not u:
        return None
    return math.log2(m / u)


def model_tables(model: dict | None) -> list[dict]:
    """What the trained model learned, one table per comparison: each level as the page
    words it, how often true matches and random pairs fall in it (m and u), and the match
    weight it adds (log2 of m over u), as Splink's match-weights chart shows them."""
    tables = []
    for comparison in (model or {}).get("comparisons", []):
        name = comparison["output_column_name"]
        rows = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            label = level.get("label_for_charts") or level.get("sql_condition", "")
            weight = _level_weight(level)
            m, u = level.get("m_probability"), level.get("u_probability")
            adjusted = (
                " (adjusted for how common the value is)"
                if level.get("tf_adjustment_column")
                else ""
            )
            rows.append(
                [
                    {"text": plain_comparison(name, label) + adjusted},
                    {"text": "Not trained" if m is None else f"{m:.4f}", "format": "numeric"},
                    {"text": "Not trained" if u is None else f"{u:.6f}", "format": "numeric"},
                    {
                        "text": "Not trained" if weight is None else f"{weight:+.2f}",
                        "format": "numeric",
                    },
                ]
            )
        tables.append({"caption": COLUMN_LABELS.get(name, name), "rows": rows})
    return tables


def prior_weight(model: dict | None) -> str:
    prior = (model or {}).get("probability_two_random_records_match")
    if not prior:
        return ""
    return f"{math.log2(prior / (1 - prior)):+.2f}"
