"""The two engines Splink runs on: DuckDB embedded (default) and Apache Spark (for scale)."""

from __future__ import annotations

import os
import tempfile

ENGINES = ("duckdb", "spark")


class EngineUnavailable(RuntimeError):
    """The chosen engine is not installed; the message says what to install."""


def _pyspark():
    """pyspark, which is an optional extra: a clear error naming the extra when it is missing."""
    try:
        import pyspark.sql
    except ImportError as error:
        raise EngineUnavailable(
            "The Spark engine needs pyspark, the project's optional spark extra, which is not "
            "installed. Install it with pip install -e '.[spark]' in the project folder, or "
            "use the default engine, duckdb."
        ) from error
    return pyspark.sql


def duckdb_api():
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect(":memory:")
    threads = os.environ.get("TRIANGULATE_DUCKDB_THREADS")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    # Bound DuckDB's own memory and let it spill to disk beyond that (default 6 GB).
    memory = os.environ.get("TRIANGULATE_DUCKDB_MEMORY", "6GB")
    if not memory.replace(".", "").rstrip("GMBgmb").isdigit():
        raise ValueError("TRIANGULATE_DUCKDB_MEMORY must look like 6GB or 500MB")
    connection.execute(f"SET memory_limit = '{memory}'")
    connection.execute(f"SET temp_directory = '{tempfile.mkdtemp(prefix='triangulate-duckdb-')}'")
    return DuckDBAPI(connection=connection)


def spark_session(master: str | None = None):
    """A Spark session with Splink's similarity functions; local[2] unless told otherwise.

    ``master`` (or TRIANGULATE_SPARK_MASTER) is a cluster URL in production.
    """
    SparkSession = _pyspark().SparkSession
    from splink.backends.spark import similarity_jar_location

    master = master or os.environ.get("TRIANGULATE_SPARK_MASTER", "local[2]")
    builder = (
        SparkSession.builder.master(master)
        .appName("triangulate-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", os.environ.get("TRIANGULATE_SPARK_PARTITIONS", "4"))
        .config("spark.default.parallelism", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", os.environ.get("TRIANGULATE_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    checkpoints = os.environ.get("TRIANGULATE_SPARK_CHECKPOINTS") or tempfile.mkdtemp(
        prefix="triangulate-spark-"
    )
    spark.sparkContext.setCheckpointDir(checkpoints)
    return spark


def spark_api(spark=None):
    _pyspark()
    from splink import SparkAPI

    return SparkAPI(spark_session=spark or spark_session(), num_partitions_on_repartition=4)


def register(db_api, engine: str, records, name: str):
    """Register a pandas frame of strings (and lists of strings) as a Splink table."""
    if engine == "spark":
        from pyspark.sql.types import ArrayType, StringType, StructField, StructType

        from .standardise import LIST_COLUMNS

        schema = StructType(
            [
                StructField(c, ArrayType(StringType()) if c in LIST_COLUMNS else StringType(), True)
                for c in records.columns
            ]
        )
        rows = records.astype(object).where(records.notna(), None).values.tolist()
        frame = db_api.spark.createDataFrame(rows, schema=schema)
        return db_api.register(frame, table_name=name)
    return db_api.register(records, table_name=name)
