"""Reading extracts in the standard schema and writing the linkage outputs."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pandas as pd

from triangulate.core import spreadsheets

from .pipeline import LinkageResult
from .schema import STANDARD_COLUMNS


class ExtractFileError(ValueError):
    """An extract file that cannot be linked as it stands."""


def read_standard_extract(path: str | Path) -> pd.DataFrame:
    """A CSV or Excel file whose header names standard-schema columns; every value a string.

    Read by the one spreadsheet reader that every import uses (``core.spreadsheets``), with
    no row limit or time budget: the command line is run by the person who owns the files.
    """
    path = Path(path)
    if not path.exists():
        raise ExtractFileError(f"{path}: no such file")
    try:
        table = spreadsheets.read_table(
            file_name=path.name, content=path.read_bytes(), max_rows=sys.maxsize, seconds=math.inf
        )
    except spreadsheets.SpreadsheetRefused as refused:
        raise ExtractFileError(f"{path}: {'; '.join(refused.problems)}") from None
    width = len(table.header)
    too_wide = [str(number) for number, row in table.rows if len(row) > width]
    if too_wide:
        raise ExtractFileError(
            f"{path}: rows {', '.join(too_wide[:10])} have more values than the heading row"
        )
    frame = pd.DataFrame(
        [row + [""] * (width - len(row)) for _, row in table.rows],
        columns=[c.lower() for c in table.header],
        dtype=str,
    )
    numbers = [number for number, _ in table.rows]
    if "record_id" not in frame.columns:
        raise ExtractFileError(f"{path}: there is no record_id column")
    unknown = sorted(set(frame.columns) - set(STANDARD_COLUMNS))
    frame = frame.drop(columns=unknown)
    ids = frame["record_id"].fillna("").str.strip()
    if (ids == "").any():
        rows = [str(numbers[i]) for i in frame.index[ids == ""][:10]]
        raise ExtractFileError(f"{path}: record_id is missing on rows {', '.join(rows)}")
    duplicated = ids[ids.duplicated(keep=False)]
    if len(duplicated):
        raise ExtractFileError(
            f"{path}: record_id is not unique ({', '.join(sorted(set(duplicated))[:10])})"
        )
    return frame.fillna("")


def write_outputs(result: LinkageResult, out_dir: str | Path) -> dict[str, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "clusters": out / "clusters.csv",
        "pairs": out / "pairs.csv",
        "model": out / "model.json",
        "review": out / "review.csv",
    }
    result.clusters_csv_frame().to_csv(paths["clusters"], index=False)
    result.pairs_csv_frame().to_csv(paths["pairs"], index=False, float_format="%.6f")
    review = result.review[
        ["source_l", "record_id_l", "source_r", "record_id_r", "match_probability", "reason"]
    ]
    review.to_csv(paths["review"], index=False, float_format="%.6f")
    paths["model"].write_text(json.dumps(result.model, indent=2, sort_keys=True))
    return paths
