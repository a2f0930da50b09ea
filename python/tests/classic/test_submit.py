"""spark-submit (the one pip's pyspark installs) runs a Python application that imports descent
from the Descent jar alone: the jar carries the package."""

import os
import subprocess
import sys

from conftest import JAR, ROOT, data  # noqa: E402

APP = '''
import sys
import descent
from pyspark.sql import SparkSession
from descent import DescentEstimator
print("descent from", descent.__file__)
spark = SparkSession.builder.getOrCreate()
df = spark.read.format("libsvm").load(sys.argv[1])
model = DescentEstimator(loss="softmax", optimizer="lbfgs", epochs=10).fit(df)
print("accuracy", model.transform(df).where("prediction = label").count() / df.count())
spark.stop()
'''


def test_spark_submit_imports_descent_from_the_jar(tmp_path):
    """--jars puts the jar on the JVM's classpath, --py-files the same jar on Python's path (the
    jar is a zip holding the package). --jars alone does not reach Python's path."""
    app = tmp_path / "app.py"
    app.write_text(APP)
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1")
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "spark-submit"), "--master", "local[2]",
         "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
         "--jars", JAR, "--py-files", JAR, str(app), data("iris.libsvm")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    # The jar's copy of the package wins over the one pip installed in this environment.
    assert "descent from" in result.stdout and "descent.jar" in result.stdout, result.stdout
    assert float(result.stdout.split("accuracy ")[1].split()[0]) > 0.9
