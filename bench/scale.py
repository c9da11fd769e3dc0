"""Linkage speed and memory from 10,000 to 1,000,000 source records (DuckDB, end to end).

    python -m bench scale [SIZES...]      # default: 10000 100000 1000000

Each size runs in its own process so that peak memory is that run's alone. Time counts
standardising, training, predicting and clustering; generating the synthetic extracts
does not count.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

PEOPLE_PER_RECORD = 1 / 1.65  # the five synthetic extracts hold ~1.65 records a person


def one(size: int) -> dict:
    from bench import synthetic
    from triangulate.linkage.engine.pipeline import link

    frames, truth, _people = synthetic.borough(int(size * PEOPLE_PER_RECORD), seed=2026)
    records = sum(len(f) for f in frames.values())
    started = time.perf_counter()
    result = link(frames)
    seconds = time.perf_counter() - started
    person_of = dict(zip(result.clusters["unique_id"], result.clusters["person_id"], strict=True))
    by_cluster: dict[str, set] = {}
    for uid, cluster in person_of.items():
        by_cluster.setdefault(cluster, set()).add(truth[uid])
    false_merges = sum(len(people) - 1 for people in by_cluster.values())
    return {
        "records": records,
        "seconds": round(seconds, 1),
        "timings": {k: round(v, 1) for k, v in result.timings.items()},
        "scored_pairs": len(result.pairs),
        "review_pairs": len(result.review),
        "clusters_holding_two_people": false_merges,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--one":
        import logging

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        logging.getLogger("splink").setLevel(logging.WARNING)
        print(json.dumps(one(int(argv[1]))))
        return 0
    sizes = [int(a) for a in argv] or [10_000, 100_000, 1_000_000]
    print(
        "| source records | seconds | standardise | train | predict | cluster | peak memory | pairs scored | pairs for review | false merges |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out = subprocess.run(
            [sys.executable, "-m", "bench.scale", "--one", str(size)],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        row = json.loads(out.strip().splitlines()[-1])
        t = row["timings"]
        peak = f"{max(peak_kib, before) / 1024 / 1024:.1f} GiB"
        print(
            f"| {row['records']:,} | {row['seconds']} | {t['standardise']} | {t['train']} | {t['predict']} | "
            f"{t['cluster']} | {peak} | {row['scored_pairs']:,} | {row['review_pairs']:,} | "
            f"{row['clusters_holding_two_people']} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
