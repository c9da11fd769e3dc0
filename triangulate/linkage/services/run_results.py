"""What a linkage run writes: register entries pointed at and merged by cluster, the review
queue refilled with the uncertain pairs and what each comparison added, and how the model
agrees with earlier decisions."""

from __future__ import annotations

import math

from ..models import (
    REGISTER_SOURCE,
    LinkageRun,
    MatchPair,
    PairStatus,
    RunStatus,
    SourceRecord,
)
from .merges import merge_people


def evaluate(labelled, pairs, accept: float) -> dict:
    """How the model's scores agree with earlier clerical decisions."""
    scored = {}
    for a, b, p in zip(
        pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True
    ):
        scored[(a, b)] = scored[(b, a)] = p
    agree = false_links = missed = 0
    for a, b, same in labelled:
        model_says_same = scored.get((a, b), 0.0) >= accept
        if model_says_same == same:
            agree += 1
        elif model_says_same:
            false_links += 1
        else:
            missed += 1
    return {
        "labelled_pairs": len(labelled),
        "model_agrees": agree,
        "model_would_link_wrongly": false_links,
        "model_would_miss": missed,
    }


def _level_labels(model: dict) -> dict[str, dict[int, str]]:
    labels = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        by_gamma = {-1: "Missing on one side"}
        for i, level in enumerate(non_null):
            by_gamma[len(non_null) - 1 - i] = level.get("label_for_charts") or level.get(
                "sql_condition", ""
            )
        labels[comparison["output_column_name"]] = by_gamma
    return labels


def _contributions(row, names, labels) -> list[dict]:
    import pandas as pd

    items = []
    for name in names:
        gamma = row.get(f"gamma_{name}")
        gamma = int(gamma) if gamma is not None and not pd.isna(gamma) else -1
        weight = row.get(f"weight_{name}")
        items.append(
            {
                "comparison": name,
                "level": labels.get(name, {}).get(gamma, str(gamma)),
                "weight": round(float(weight), 2)
                if weight is not None and not pd.isna(weight)
                else 0.0,
            }
        )
    return items


def apply_clusters(result, by_pk, actor, run) -> dict:
    """Point each record at its cluster's register entry; merge entries the run joined.

    A cluster with no register entry stays unlinked: the run never adds people to the
    register on its own. Such records wait in the review queue or for someone to add them.
    """
    groups: dict[str, list[SourceRecord]] = {}
    for uid, person_id in zip(
        result.clusters["unique_id"], result.clusters["person_id"], strict=True
    ):
        groups.setdefault(person_id, []).append(by_pk[int(uid.split("|", 1)[1])])
    merged = unmatched = 0
    changed: list[SourceRecord] = []
    for members in groups.values():
        entries = sorted({r.person_id for r in members if r.source_name == REGISTER_SOURCE})
        person_id = entries[0] if entries else None
        for other in entries[1:]:
            merge_people(
                actor=actor,
                surviving_id=person_id,
                merged_id=other,
                reason=f"Automatic link in linkage run {run.pk}",
            )
            merged += 1
        for record in members:
            if record.source_name == REGISTER_SOURCE:
                continue
            unmatched += person_id is None
            if record.person_id != person_id:
                record.person_id = person_id
                changed.append(record)
    SourceRecord.objects.bulk_update(changed, ["person"], batch_size=1000)
    return {
        "persons": len(groups),
        "unmatched_records": unmatched,
        "automatic_merges": merged,
        "records_relinked": len(changed),
    }


def store_review_pairs(result, by_pk, run) -> dict:
    decided = set(
        MatchPair.objects.exclude(status=PairStatus.PENDING).values_list("left_id", "right_id")
    )
    # Pending pairs from earlier runs are replaced by this run's view of them; the run
    # remembers which, so that a link to one of them can say what became of it.
    replaced = MatchPair.objects.filter(status=PairStatus.PENDING).exclude(run=run)
    replaced_ids = _id_ranges(replaced.values_list("pk", flat=True).order_by("pk"))
    replaced.delete()
    labels = _level_labels(result.model)
    prior = result.model.get("probability_two_random_records_match", 0.0001)
    prior_weight = math.log2(prior / (1 - prior))
    pairs = []
    for row in result.review.to_dict("records"):
        left = int(row["unique_id_l"].split("|", 1)[1])
        right = int(row["unique_id_r"].split("|", 1)[1])
        if (left, right) in decided or (right, left) in decided:
            continue
        pairs.append(
            MatchPair(
                run=run,
                left_id=left,
                right_id=right,
                match_probability=float(row["match_probability"]),
                match_weight=float(row["match_weight"]),
                reason=row["reason"],
                contributions=_contributions(row, result.comparisons, labels),
                prior_weight=round(prior_weight, 2),
            )
        )
    MatchPair.objects.bulk_create(pairs, batch_size=500)
    return {"review_pairs": len(pairs), "replaced_pairs": replaced_ids}


def _id_ranges(ids) -> list[list[int]]:
    """Ascending ids as [first, last] runs of consecutive ids: a run's pairs are mostly one."""
    ranges: list[list[int]] = []
    for pk in ids:
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def run_that_replaced_pair(pair_pk: int) -> LinkageRun | None:
    """The finished run that replaced this pending pair with its own view of the records."""
    finished = LinkageRun.objects.filter(status=RunStatus.FINISHED).defer("model")
    for run in finished.order_by("-id")[:500].iterator():
        for first, last in (run.stats or {}).get("replaced_pairs", []):
            if first <= pair_pk <= last:
                return run
    return None
