"""Reading extracts in the standard schema and writing the linkage outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .pipeline import LinkageResult
from .schema import STANDARD_COLUMNS


class ExtractFileError(ValueError):
    """An extract file that cannot be linked as it stands."""


def read_standard_extract(path: str | Path) -> pd.DataFrame:
    """A CSV or XLSX file whose header names standard-schema columns; every value a string."""
    path = Path(path)
    if not path.exists():
        raise ExtractFileError(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = pd.read_excel(path, dtype=str, engine="openpyxl")
    else:
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise ExtractFileError(f"{path}: not UTF-8 text ({error.reason})") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if "record_id" not in frame.columns:
        raise ExtractFileError(f"{path}: there is no record_id column")
    unknown = sorted(set(frame.columns) - set(STANDARD_COLUMNS))
    frame = frame.drop(columns=unknown)
    ids = frame["record_id"].fillna("").str.strip()
    if (ids == "").any():
        rows = [str(i + 2) for i in frame.index[ids == ""][:10]]
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
