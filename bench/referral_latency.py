"""Single-referral matching latency against a linked register (the front door's search).

    python -m bench referral_latency [REGISTER_PEOPLE] [QUERIES]    # default 50000 500

Links a synthetic borough, builds the matcher from the trained model and the linked
records, then times one query per referral from a fresh extract of the same people.
"""

from __future__ import annotations

import statistics
import sys
import time


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    people = int(argv[0]) if argv else 50_000
    queries = int(argv[1]) if len(argv) > 1 else 500
    from bench import synthetic
    from bench.matcher import Matcher
    from triangulate.linkage.engine.pipeline import link

    frames, truth, population = synthetic.borough(people, seed=77)
    result = link(frames)
    started = time.perf_counter()
    matcher = Matcher(result.model, result.records)
    build = time.perf_counter() - started
    referrals, referral_truth = synthetic.extract(
        population, "referral", coverage=queries / people, seed=78
    )
    person_of = dict(zip(result.clusters["unique_id"], result.clusters["person_id"], strict=True))
    times, top_right = [], 0
    for record in referrals.head(queries).to_dict("records"):
        started = time.perf_counter()
        matches = matcher.match(record, source="referral")
        times.append(time.perf_counter() - started)
        if matches and truth[matches[0].unique_id] == referral_truth[record["record_id"]]:
            top_right += 1
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"register: {len(result.records):,} linked records ({len(set(person_of.values())):,} persons); "
        f"matcher built in {build:.1f} s"
    )
    print(
        f"{len(times)} referrals: p50 {1000 * statistics.median(times):.1f} ms, "
        f"p95 {1000 * p95:.1f} ms, max {1000 * times[-1]:.1f} ms; "
        f"best match is the right person for {top_right / len(times):.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
