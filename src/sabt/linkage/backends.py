"""Linkage engines behind one small interface: DuckDB (default) and Spark.

Both are splink database APIs; only how they are opened and closed differs.
DuckDB runs in-process with a bounded memory and thread count; Spark runs in
local mode here (a cluster URL works the same way) with splink's Scala
similarity functions on the class path, which its Jaro-Winkler and
Damerau-Levenshtein levels need.
"""

from __future__ import annotations

from typing import Any, Protocol

from sabt.errors import BackendError, ConfigError

BACKENDS = ("duckdb", "spark")


class Backend(Protocol):
    name: str

    def db_api(self) -> Any: ...

    def close(self) -> None: ...


class DuckDBBackend:
    name = "duckdb"

    def __init__(self, threads: int = 2, memory_limit: str = "3GB") -> None:
        import duckdb
        from splink import DuckDBAPI

        self._con = duckdb.connect(":memory:")
        self._con.execute(f"SET threads = {int(threads)}")
        self._con.execute(f"SET memory_limit = '{memory_limit}'")
        self._api = DuckDBAPI(self._con)

    def db_api(self) -> Any:
        return self._api

    def close(self) -> None:
        self._con.close()


class SparkBackend:
    name = "spark"

    def __init__(self, master: str = "local[2]", spark: Any = None, partitions: int = 4) -> None:
        try:
            from pyspark.sql import SparkSession
            from splink import SparkAPI
            from splink.internals.spark.jar_location import similarity_jar_location
        except ImportError as e:
            raise ConfigError("The Spark backend needs pyspark: pip install 'sabt[spark]'.") from e
        self._own = spark is None
        if spark is None:
            try:
                spark = (
                    SparkSession.builder.master(master)
                    .appName("sabt-linkage")
                    .config("spark.jars", similarity_jar_location())
                    .config("spark.sql.shuffle.partitions", str(partitions))
                    .config("spark.default.parallelism", str(partitions))
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.driver.memory", "2g")
                    # Small local jobs: skip adaptive re-planning, and let the
                    # JVM start fast rather than optimise for long runs.
                    .config("spark.sql.adaptive.enabled", "false")
                    .config(
                        "spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                    )
                    .getOrCreate()
                )
            except Exception as e:  # noqa: BLE001 - Java/Py4J failures come in many kinds
                raise BackendError(
                    f"Could not start Spark ({master}): {e}. Is Java 17 installed?"
                ) from e
            spark.sparkContext.setLogLevel("ERROR")
            spark.sparkContext.setCheckpointDir("/tmp/sabt-spark-checkpoints")
        self.spark = spark
        # "persist" keeps intermediate tables in memory; splink's default
        # ("parquet") writes each to disk, which dominates on small inputs.
        self._api = SparkAPI(
            spark_session=spark,
            num_partitions_on_repartition=partitions,
            break_lineage_method="persist",
        )

    def db_api(self) -> Any:
        return self._api

    def close(self) -> None:
        if self._own:
            self.spark.stop()


def open_backend(name: str) -> Backend:
    if name == "duckdb":
        return DuckDBBackend()
    if name == "spark":
        return SparkBackend()
    raise ConfigError(f"Unknown linkage backend {name!r}; expected one of {', '.join(BACKENDS)}.")
