"""Classic PySpark: one local[2] session (a JVM started by PySpark) with the Descent jar."""

import os

import pytest

ROOT = os.environ.get("DESCENT_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
JAR = os.environ.get("DESCENT_JAR") or os.path.join(ROOT, "target", "descent.jar")


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[2]").appName("descent-python-tests")
               .config("spark.jars", JAR)
               .config("spark.ui.enabled", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "4")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def jvm(spark):
    return spark.sparkContext._jvm


def data(name):
    return os.path.join(ROOT, "data", name)


@pytest.fixture(scope="session")
def wine_columns(spark):
    """UCI wine (binary) as 13 named double columns x1..x13 and a label."""
    from pyspark.ml.functions import vector_to_array
    from pyspark.sql import functions as F
    df = spark.read.format("libsvm").option("numFeatures", "13").load(data("wine_binary.libsvm"))
    arr = vector_to_array("features")
    return df.select(F.col("label"), *[arr[i].alias("x%d" % (i + 1)) for i in range(13)]) \
        .repartition(2).cache()


@pytest.fixture(scope="session")
def iris(spark):
    return spark.read.format("libsvm").load(data("iris.libsvm")).repartition(2).cache()
