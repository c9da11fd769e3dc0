import json
import sys

import pandas as pd
import pytest

from bench import synthetic
from triangulate.cli import main


@pytest.fixture
def extracts(tmp_path):
    frames, _truth, _people = synthetic.borough(300, seed=11)
    paths = {}
    for source in ("police", "health"):
        path = tmp_path / f"{source}.csv"
        frames[source].to_csv(path, index=False)
        paths[source] = path
    return paths


def test_link_writes_clusters_pairs_and_model_in_the_documented_formats(extracts, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "link",
            "--extract",
            str(extracts["police"]),
            "--source",
            "police",
            "--extract",
            str(extracts["health"]),
            "--source",
            "health",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    clusters = pd.read_csv(out / "clusters.csv", dtype=str)
    pairs = pd.read_csv(out / "pairs.csv")
    assert list(clusters.columns) == ["source", "record_id", "person_id"]
    assert list(pairs.columns) == [
        "source_l",
        "record_id_l",
        "source_r",
        "record_id_r",
        "match_probability",
        "match_weight",
    ]
    assert set(clusters["source"]) == {"police", "health"}
    assert clusters["person_id"].nunique() < len(clusters)
    model = json.loads((out / "model.json").read_text())
    assert {c["output_column_name"] for c in model["comparisons"]} >= {
        "first_name",
        "date_of_birth",
    }
    assert "Linked" in capsys.readouterr().out


def test_a_file_with_a_repeated_record_id_is_refused_and_nothing_is_written(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,first_name\n1,Aisha\n1,Zara\n")
    out = tmp_path / "out"
    assert main(["link", "--extract", str(bad), "--source", "x", "--out", str(out)]) == 2
    assert "not unique" in capsys.readouterr().err
    assert not out.exists()


def test_each_extract_needs_its_own_source_name(extracts, tmp_path, capsys):
    code = main(
        [
            "link",
            "--extract",
            str(extracts["police"]),
            "--extract",
            str(extracts["health"]),
            "--source",
            "police",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 2
    assert "one --source for each --extract" in capsys.readouterr().err


def test_the_spark_engine_without_pyspark_names_the_extra_to_install(
    extracts, tmp_path, capsys, monkeypatch
):
    # As installed from the runtime lock alone: pyspark is an optional extra.
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    out = tmp_path / "out"
    code = main(
        [
            "link",
            *("--extract", str(extracts["police"]), "--source", "police"),
            *("--out", str(out), "--engine", "spark"),
        ]
    )
    assert code == 2
    error = capsys.readouterr().err
    assert "spark extra" in error and "'.[spark]'" in error
    assert "Traceback" not in error
    assert not out.exists()
