"""FEBRL accuracy through the command line, exactly as docs/benchmarks.md reports it.

python -m bench.accuracy            # FEBRL4 one-to-one links and FEBRL3 deduplication
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
    p, r, f = prf(
        linked_pairs(clusters, "a", "b"),
        set(zip(truth.record_id_a, truth.record_id_b, strict=True)),
    )
    return {"precision": p, "recall": r, "f1": f}


def febrl3(data: Path, out: Path) -> dict:
    _run(["--extract", str(data / "febrl3.csv"), "--source", "f3", "--out", str(out), *FEBRL3_ARGS])
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
        for name, fn in (("FEBRL4", febrl4), ("FEBRL3", febrl3)):
            scores = fn(data, Path(tmp) / name)
            print(name, " ".join(f"{k}={v:.4f}" for k, v in scores.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
