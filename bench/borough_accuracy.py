"""Accuracy on the synthetic borough's five agency extracts, with known truth.

    python -m bench borough_accuracy [PEOPLE] [SEED]      # default 5000 3

Reports pairwise precision, recall and F1, automatic false merges (records of two people
in one cluster) and how the false-merge traps fared: twins, and a parent and child with one
name at one address.
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    people = int(argv[0]) if argv else 5000
    seed = int(argv[1]) if len(argv) > 1 else 3
    from bench import synthetic
    from triangulate.linkage.engine.pipeline import link

    frames, truth, population = synthetic.borough(people, seed=seed)
    result = link(frames)
    clusters = defaultdict(list)
    for uid, person in zip(result.clusters["unique_id"], result.clusters["person_id"], strict=True):
        clusters[person].append(uid)
    found = {frozenset(p) for m in clusters.values() for p in itertools.combinations(m, 2)}
    by_person = defaultdict(list)
    for uid, person in truth.items():
        by_person[person].append(uid)
    real = {frozenset(p) for m in by_person.values() for p in itertools.combinations(m, 2)}
    tp = len(found & real)
    precision, recall = tp / len(found), tp / len(real)
    false_merges = sum(len({truth[u] for u in m}) - 1 for m in clusters.values())
    traps = {p.person_id: p.trap for p in population if p.trap}
    trap_merges = sum(1 for m in clusters.values() if len({truth[u] for u in m} & set(traps)) > 1)
    print(
        f"{len(result.records):,} records from {len(frames)} agencies, {people:,} people "
        f"({sum(t == 'twin' for t in traps.values())} twins, "
        f"{sum(t == 'parent_child_same_name' for t in traps.values())} in same-name parent-child pairs)"
    )
    print(
        f"precision {precision:.4f} recall {recall:.4f} F1 {2 * precision * recall / (precision + recall):.4f}; "
        f"automatic false merges {false_merges} (of them joining trap people: {trap_merges}); "
        f"pairs for review {len(result.review):,}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
