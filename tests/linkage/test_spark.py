"""The Spark engine runs the identical model and agrees with DuckDB (needs Java)."""

import pytest

from bench import synthetic
from triangulate.linkage.engine.pipeline import link

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    from triangulate.linkage.engine.backends import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def test_spark_scores_and_clusters_agree_with_duckdb(spark):
    frames, _truth, _people = synthetic.borough(300, seed=21)
    duckdb_result = link(frames)
    spark_result = link(frames, engine="spark", model=duckdb_result.model, spark=spark)

    def scored(result):
        return {
            (a, b): round(p, 6)
            for a, b, p in zip(
                result.pairs["unique_id_l"],
                result.pairs["unique_id_r"],
                result.pairs["match_probability"],
                strict=True,
            )
        }

    assert scored(spark_result) == scored(duckdb_result)
    assert (
        spark_result.clusters.set_index("unique_id")["person_id"].sort_index().tolist()
        == duckdb_result.clusters.set_index("unique_id")["person_id"].sort_index().tolist()
    )


def test_the_command_line_scores_on_a_spark_master_with_a_model_trained_once(tmp_path):
    """The documented route for a register past one machine: train once (DuckDB, on this
    machine), then `triangulate link --engine spark --spark-master URL --model model.json`
    scores and groups on the cluster, and gives the same people as DuckDB."""
    import pandas as pd

    from triangulate.cli import main

    frames, _truth, _people = synthetic.borough(300, seed=23)
    arguments = []
    for source in ("police", "health"):
        path = tmp_path / f"{source}.csv"
        frames[source].to_csv(path, index=False)
        arguments += ["--extract", str(path), "--source", source]
    assert main(["link", *arguments, "--out", str(tmp_path / "duckdb")]) == 0
    code = main(
        [
            "link",
            *arguments,
            "--out",
            str(tmp_path / "spark"),
            "--engine",
            "spark",
            "--spark-master",
            "local[2]",
            "--model",
            str(tmp_path / "duckdb" / "model.json"),
        ]
    )
    assert code == 0

    def people(folder):
        clusters = pd.read_csv(tmp_path / folder / "clusters.csv", dtype=str)
        return clusters.sort_values(["source", "record_id"])["person_id"].tolist()

    assert people("spark") == people("duckdb")
    assert len(set(people("spark"))) < len(people("spark")), "some records were joined"
