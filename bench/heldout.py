"""Thresholds chosen on a tuning set, accuracy reported on sets kept apart from it.

    python -m bench heldout tune      # the tuning set only: every threshold pair tried
    python -m bench heldout report    # the reporting sets, with the default thresholds
    python -m bench heldout reasons   # how often each review reason was one person (tuning)

The tuning sets are the borough generator (`bench/synthetic.py`) at seed 11 and the
households generator (`bench/households.py`) at seed 7. The reporting
sets are the households generator (other noise, other families) at seeds 1 and 2, and the borough at seed 3; FEBRL4 and FEBRL3 are in `bench/accuracy.py`.
Nothing is chosen on a reporting set.
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

TUNING = (("borough", 3000, 11), ("households", 4000, 7))
REPORTING = (("households", 4000, 1), ("households", 4000, 2), ("borough", 5000, 3))
ACCEPT = (0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
REVIEW = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7)


@dataclass
class EvaluationSet:
    name: str
    frames: dict[str, pd.DataFrame]
    truth: dict[str, str]  # "source|record_id" -> person
    family: dict[str, object]  # person -> family


def evaluation_set(generator: str, people: int, seed: int) -> EvaluationSet:
    if generator == "borough":
        from bench.synthetic import borough

        frames, truth, population = borough(people, seed=seed)
        family = {p.person_id: (p.last_name, p.address) for p in population}
    else:
        from bench.households import households

        frames, truth, members = households(people, seed=seed)
        family = {m.person_id: m.household for m in members}
    return EvaluationSet(f"{generator} {people} seed {seed}", frames, truth, family)


def score(clusters: pd.DataFrame, review: pd.DataFrame, data: EvaluationSet) -> dict:
    """Pairwise precision, recall and F1; false links (pairs of two people in one cluster);
    family merges (clusters joining two people of one family); review pairs per 1,000."""
    members = defaultdict(list)
    for uid, person in zip(clusters["unique_id"], clusters["person_id"], strict=True):
        members[person].append(uid)
    found = {frozenset(p) for m in members.values() for p in itertools.combinations(m, 2)}
    by_person = defaultdict(list)
    for uid, person in data.truth.items():
        by_person[person].append(uid)
    real = {frozenset(p) for m in by_person.values() for p in itertools.combinations(m, 2)}
    tp = len(found & real)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(real) if real else 0.0
    family_merges = 0
    for m in members.values():
        people = {data.truth[u] for u in m}
        families = [data.family[p] for p in people]
        family_merges += len(families) - len(set(families))
    one = [
        data.truth[a] == data.truth[b]
        for a, b in zip(review["unique_id_l"], review["unique_id_r"], strict=True)
    ]
    uncertain = (review["reason"] == "uncertain match").tolist()
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if tp else 0.0,
        "false_links": len(found - real),
        "family_merges": family_merges,
        "review_per_1000": 1000 * len(review) / len(clusters),
        "review_pairs": len(review),
        "review_one_person": sum(one),
        "uncertain_pairs": sum(uncertain),
        "uncertain_one_person": sum(o and u for o, u in zip(one, uncertain, strict=True)),
    }


def line(name: str, scores: dict) -> str:
    return f"{name}: " + " ".join(
        f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in scores.items()
    )


def tune(report: Callable[[str], None] = print) -> list[tuple[float, float, dict]]:
    """Every (accept, review) pair on the tuning set, from one scoring of its pairs."""
    from triangulate.linkage.engine.pipeline import cluster_and_triage, link
    from triangulate.linkage.engine.thresholds import Thresholds

    rows = []
    for spec in TUNING:
        data = evaluation_set(*spec)
        lowest = Thresholds(accept=max(ACCEPT), review=min(REVIEW))
        result = link(data.frames, thresholds=lowest)
        report(f"tuning set {data.name}: {len(result.records):,} records")
        for accept, review in itertools.product(ACCEPT, REVIEW):
            if review > accept:
                continue
            pairs = result.pairs[result.pairs["match_probability"] >= review]
            _, clusters, queue = cluster_and_triage(
                pairs.reset_index(drop=True),
                result.records,
                Thresholds(accept=accept, review=review),
            )
            scores = score(clusters, queue, data)
            rows.append((data.name, accept, review, scores))
            report(line(f"accept={accept} review={review}", scores))
    accept, review = choose(rows)
    report(f"chosen by the rule: accept={accept} review={review}")
    return rows


def choose(rows) -> tuple[float, float]:
    """The rule, fixed before it was applied. Accept: the lowest threshold, not below 0.5
    (never link a pair the model rates more likely two people), at which no tuning set has
    more false links or family merges than at the strictest threshold tried. Review: the
    lowest threshold at which each step down still adds uncertain pairs of which at least
    one in three is one person, over the tuning sets together."""
    by = {(name, a, r): s for name, a, r, s in rows}
    names = sorted({name for name, *_ in rows})
    strictest = max(ACCEPT)

    def harm(name, accept):
        s = by[(name, accept, min(REVIEW))]
        return s["false_links"], s["family_merges"]

    accept = min(
        a
        for a in ACCEPT
        if a >= 0.5
        and all(x <= y for n in names for x, y in zip(harm(n, a), harm(n, strictest), strict=True))
    )
    steps = sorted((r for r in REVIEW if r <= accept), reverse=True)
    review = steps[0]
    for higher, lower in itertools.pairwise(steps):
        added = sum(
            by[(n, accept, lower)]["uncertain_pairs"] - by[(n, accept, higher)]["uncertain_pairs"]
            for n in names
        )
        one = sum(
            by[(n, accept, lower)]["uncertain_one_person"]
            - by[(n, accept, higher)]["uncertain_one_person"]
            for n in names
        )
        if added and 3 * one < added:
            break
        review = lower
    return accept, review


def report_defaults(report: Callable[[str], None] = print) -> None:
    from triangulate.linkage.engine.pipeline import link

    for spec in REPORTING:
        data = evaluation_set(*spec)
        result = link(data.frames)  # the defaults, exactly as `triangulate link` runs them
        report(
            line(
                f"{data.name} ({len(result.records):,} records)",
                score(result.clusters, result.review, data),
            )
        )


def reasons(report: Callable[[str], None] = print) -> None:
    """How often the pairs sent to review for each reason were one person, over the tuning
    sets with the defaults (the review queue's order, `clustering.ONE_PERSON_SHARE`)."""
    from triangulate.linkage.engine.pipeline import link

    total: dict[str, int] = defaultdict(int)
    one: dict[str, int] = defaultdict(int)
    for spec in TUNING:
        data = evaluation_set(*spec)
        review = link(data.frames).review
        for a, b, reason in zip(
            review["unique_id_l"], review["unique_id_r"], review["reason"], strict=True
        ):
            total[reason] += 1
            one[reason] += data.truth[a] == data.truth[b]
    for reason, count in sorted(total.items()):
        report(f"{one[reason]:5d} of {count:5d} ({one[reason] / count:.2f}) {reason}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["reasons"]:
        reasons()
    elif argv[:1] == ["tune"]:
        tune()
    elif argv[:1] == ["report"]:
        report_defaults()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
