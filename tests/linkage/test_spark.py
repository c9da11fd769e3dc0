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
