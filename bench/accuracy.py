"""FEBRL accuracy through the command line, exactly as docs/benchmarks.md reports it.

python -m bench.accuracy            # FEBRL4 and FEBRL3 with the default options, then tuned
python -m bench.accuracy --sweep    # FEBRL4 at several acceptance thresholds
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from bench.febrl import write

DEFAULTS: list[str] = []
FEBRL4_ARGS = ["--one-to-one", "--no-guard", "--accept", "0.05", "--review", "0.01"]
FEBRL3_ARGS = ["--no-guard", "--accept", "0.9", "--review", "0.5"]


def prf(found: set, truth: set) -> tuple[float, float, float]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def linked_pairs(clusters: pd.DataFrame, left: str | None = None, right: str | None = None) -> set:
    pairs = set()
    for _, group in clusters.groupby("person_id"):
        ids = list(zip(group["source"], group["record_id"], strict=True))
        for a, b in itertools.combinations(sorted(ids), 2):
            if left is None or a[0] == left and b[0] == right:
                pairs.add((a[1], b[1]))
            elif a[0] == right and b[0] == left:
                pairs.add((b[1], a[1]))
    return pairs


def _run(args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "triangulate.cli", "link", *args], check=True)


def febrl4(data: Path, out: Path, args: list[str] = FEBRL4_ARGS) -> dict:
    _run(
        [
            "--extract",
            str(data / "febrl4_a.csv"),
            "--source",
            "a",
            "--extract",
            str(data / "febrl4_b.csv"),
            "--source",
            "b",
            "--out",
            str(out),
            *args,
        ]
    )
    clusters = pd.read_csv(out / "clusters.csv", dtype=str)
    truth = pd.read_csv(data / "febrl4_links.csv", dtype=str)
    true_pairs = set(zip(truth.record_id_a, truth.record_id_b, strict=True))
    p, r, f = prf(linked_pairs(clusters, "a", "b"), true_pairs)
    # Any two records in one person that are not a true pair, within a file or across.
    every = linked_pairs(clusters)
    false_links = sum(1 for x, y in every if (x, y) not in true_pairs and (y, x) not in true_pairs)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "false_links": false_links,
        "review_per_1000": review_per_1000(out, len(clusters)),
    }


def review_per_1000(out: Path, records: int) -> float:
    return 1000 * len(pd.read_csv(out / "review.csv", dtype=str)) / records


def febrl3(data: Path, out: Path, args: list[str] = FEBRL3_ARGS) -> dict:
    _run(["--extract", str(data / "febrl3.csv"), "--source", "f3", "--out", str(out), *args])
    clusters = pd.read_csv(out / "clusters.csv", dtype=str)
    truth = pd.read_csv(data / "febrl3_truth.csv", dtype=str)
    true_clusters = truth.rename(columns={"entity": "person_id"}).assign(source="f3")
    p, r, f = prf(linked_pairs(clusters), linked_pairs(true_clusters))
    # Cluster-level: a true entity counts as found only if its records form exactly one cluster.
    found = {frozenset(g["record_id"]) for _, g in clusters.groupby("person_id")}
    real = {frozenset(g["record_id"]) for _, g in true_clusters.groupby("person_id")}
    cp, cr, cf = prf(found, real)
    return {
        "pair_precision": p,
        "pair_recall": r,
        "pair_f1": f,
        "cluster_precision": cp,
        "cluster_recall": cr,
        "cluster_f1": cf,
        "review_per_1000": review_per_1000(out, len(clusters)),
    }


# How precision and recall move with the acceptance threshold in one-to-one linkage.
SWEEP = ("0.9", "0.5", "0.2", "0.05", "0.01")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        write(data)
        if "--sweep" in argv:
            for accept in SWEEP:
                args = ["--one-to-one", "--no-guard", "--accept", accept, "--review", "0.001"]
                scores = febrl4(data, Path(tmp) / f"sweep-{accept}", args)
                print(
                    f"FEBRL4 accept={accept}", " ".join(f"{k}={v:.4f}" for k, v in scores.items())
                )
            return 0
        runs = (
            ("FEBRL4 defaults", febrl4, DEFAULTS),
            ("FEBRL3 defaults", febrl3, DEFAULTS),
            ("FEBRL4 tuned " + " ".join(FEBRL4_ARGS), febrl4, FEBRL4_ARGS),
            ("FEBRL3 tuned " + " ".join(FEBRL3_ARGS), febrl3, FEBRL3_ARGS),
        )
        for i, (name, fn, args) in enumerate(runs):
            scores = fn(data, Path(tmp) / f"run-{i}", args)
            print(name, " ".join(f"{k}={v:.4f}" for k, v in scores.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
