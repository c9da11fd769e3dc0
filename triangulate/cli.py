"""The ``triangulate`` command line: ``triangulate link`` runs record linkage on files.

    triangulate link --extract police.csv --source police \\
                     --extract health.xlsx --source health --out linked/ [--engine spark]

It runs the same pipeline as the web app, outside it: no database, no sign-in.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="triangulate", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    link = commands.add_parser(
        "link",
        help="link and deduplicate extracts in the standard person schema",
        description="Link and deduplicate extracts in the standard person schema. Writes "
        "clusters.csv, pairs.csv, review.csv and model.json to the output folder.",
    )
    link.add_argument(
        "--extract",
        action="append",
        required=True,
        metavar="FILE",
        help="a CSV or XLSX file in the standard schema (repeat for each source)",
    )
    link.add_argument(
        "--source",
        action="append",
        required=True,
        metavar="NAME",
        help="the source name of the --extract before it (repeat for each)",
    )
    link.add_argument("--out", required=True, metavar="DIR", help="folder for the outputs")
    link.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    link.add_argument(
        "--spark-master",
        metavar="URL",
        help="Spark master (default local[2]; a cluster URL in production)",
    )
    link.add_argument(
        "--model", metavar="FILE", help="apply a saved model.json instead of training a new one"
    )
    link.add_argument(
        "--accept",
        type=float,
        default=None,
        help="match probability at or above which links are made (default 0.7)",
    )
    link.add_argument(
        "--review",
        type=float,
        default=None,
        help="match probability from which pairs go to review (default 0.05)",
    )
    link.add_argument(
        "--one-to-one", action="store_true", help="each source holds at most one record per person"
    )
    link.add_argument(
        "--no-guard",
        action="store_true",
        help="switch off the twins and parent-and-child guard (benchmarks only)",
    )
    link.add_argument("--seed", type=int, default=42)
    return parser


def run_link(args) -> int:
    from triangulate.linkage.engine.files import (
        ExtractFileError,
        read_standard_extract,
        write_outputs,
    )
    from triangulate.linkage.engine.pipeline import Thresholds, link

    if len(args.extract) != len(args.source):
        print("Give one --source for each --extract.", file=sys.stderr)
        return 2
    if len(set(args.source)) != len(args.source):
        print("Each --source name must be different.", file=sys.stderr)
        return 2
    defaults = Thresholds()
    try:
        thresholds = Thresholds(
            accept=args.accept if args.accept is not None else defaults.accept,
            review=args.review if args.review is not None else defaults.review,
        )
        frames = {
            s: read_standard_extract(f) for f, s in zip(args.extract, args.source, strict=True)
        }
    except (ExtractFileError, ValueError) as error:
        print(f"Cannot link: {error}", file=sys.stderr)
        return 2
    model = json.loads(Path(args.model).read_text()) if args.model else None
    spark = None
    if args.engine == "spark":
        from triangulate.linkage.engine.backends import EngineUnavailable, spark_session

        try:
            spark = spark_session(args.spark_master)
        except EngineUnavailable as error:
            print(f"Cannot link: {error}", file=sys.stderr)
            return 2
    try:
        result = link(
            frames,
            engine=args.engine,
            model=model,
            thresholds=thresholds,
            duplicate_free_sources=args.source if args.one_to_one else (),
            guard=not args.no_guard,
            seed=args.seed,
            spark=spark,
        )
    finally:
        if spark is not None:
            spark.stop()
    paths = write_outputs(result, args.out)
    persons = result.clusters["person_id"].nunique()
    print(
        f"Linked {len(result.records)} records from {len(frames)} sources into {persons} persons; "
        f"{len(result.pairs)} scored pairs, {len(result.review)} for review "
        f"({result.timings['total']:.1f} s). Outputs in {paths['clusters'].parent}."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "link":
        return run_link(args)
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":
    sys.exit(main())
