"""The two engines Splink runs on: DuckDB embedded (default) and Apache Spark (for scale)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

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


TEMP_PREFIX = "triangulate-"


def _close_helper(api) -> None:
    """Splink's API opens a DuckDB connection of its own beside the engine's (for helper
    queries); Splink 5 gives no way to close it but its attribute."""
    helper = getattr(api, "_ddb_con", None)
    if helper is not None:
        helper.close()


@contextmanager
def duckdb_api() -> Iterator:
    """A Splink API on a fresh in-memory DuckDB that spills to its own temporary folder;
    on leaving, even on failure, the connection is closed and the folder (which can hold
    spilled personal data) removed."""
    import duckdb
    from splink import DuckDBAPI

    memory = os.environ.get("TRIANGULATE_DUCKDB_MEMORY", "6GB")
    if not memory.replace(".", "").rstrip("GMBgmb").isdigit():
        raise ValueError("TRIANGULATE_DUCKDB_MEMORY must look like 6GB or 500MB")
    spill = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}duckdb-")
    connection = api = None
    try:
        connection = duckdb.connect(":memory:")
        threads = os.environ.get("TRIANGULATE_DUCKDB_THREADS")
        if threads:
            connection.execute(f"SET threads = {int(threads)}")
        # Bound DuckDB's own memory and let it spill to disk beyond that (default 6 GB).
        connection.execute(f"SET memory_limit = '{memory}'")
        connection.execute(f"SET temp_directory = '{spill}'")
        api = DuckDBAPI(connection=connection)
        yield api
    finally:
        _close_helper(api)
        if connection is not None:
            connection.close()
        shutil.rmtree(spill, ignore_errors=True)


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
    return spark


@contextmanager
def spark_api(spark=None) -> Iterator:
    """A Splink API on ``spark`` (or a session of its own, stopped on leaving) with a fresh
    checkpoint folder (or TRIANGULATE_SPARK_CHECKPOINTS), removed on leaving even on
    failure; the tables Splink cached on the session are dropped."""
    _pyspark()
    from splink import SparkAPI

    own = spark is None
    given = os.environ.get("TRIANGULATE_SPARK_CHECKPOINTS")
    checkpoints = given or tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}spark-")
    session = api = None
    try:
        session = spark_session() if own else spark
        session.sparkContext.setCheckpointDir(checkpoints)
        api = SparkAPI(spark_session=session, num_partitions_on_repartition=4)
        yield api
    finally:
        _close_helper(api)
        if session is not None:
            session.catalog.clearCache()
            if own:
                session.stop()
        if not given:
            shutil.rmtree(checkpoints, ignore_errors=True)


def register(db_api, engine: str, records, name: str):
    """Register a pandas frame of strings (and lists of strings) as a Splink table."""
    if engine == "spark":
        spark_types = _pyspark().types
        ArrayType, StringType = spark_types.ArrayType, spark_types.StringType  # noqa: N806
        StructField, StructType = spark_types.StructField, spark_types.StructType  # noqa: N806
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
