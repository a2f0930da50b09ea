"""Descent from a pure-Python Spark Connect client (pyspark-client, no JVM here): fit,
transform, save, load, coefficients; what the server cannot give fails naming the alternative."""

import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import functions as F

import descent
from descent import ConnectUnsupported, DescentEstimator, DescentModel
from conftest import data


def close(a, b, tol=1e-12):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def test_this_is_a_client_without_a_jvm(spark):
    from pyspark.sql.utils import is_remote
    assert is_remote()
    with pytest.raises(ImportError):
        import py4j  # noqa: F401  (pyspark-client does not bring it)


@pytest.fixture(scope="module")
def iris(spark):
    return spark.read.format("libsvm").load(data("iris.libsvm"))


def test_fit_transform_save_load_softmax(spark, iris, tmp_path):
    estimator = DescentEstimator(loss="softmax", optimizer="lbfgs", regParam=0.01, epochs=25)
    model = estimator.fit(iris)
    assert isinstance(model, DescentModel) and model.uid == estimator.uid
    assert len(model.coefficients) == 3 and len(model.coefficients[0]) == 4
    assert len(model.intercept) == 3
    out = model.transform(iris)
    assert out.columns[-3:] == ["rawPrediction", "probability", "prediction"]
    accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(out)
    assert accuracy > 0.9

    path = str(tmp_path / "model")
    model.setPredictionCol("p").write().save(path)
    # The saved directory is a DescentModel's: model.json read here, in plain Python.
    local = descent.load_model(path)
    assert local.coefficients == model.coefficients and local.intercept == model.intercept
    rows = out.select("features", "prediction", "probability").collect()
    features = [r.features.toArray().tolist() for r in rows]
    assert local.predict(features) == [r.prediction for r in rows]
    assert all(close(a, b) for p, r in zip(local.predict_proba(features), rows)
               for a, b in zip(p, r.probability))

    loaded = DescentModel.load(path)
    assert loaded.uid == model.uid and loaded.getPredictionCol() == "p"
    assert loaded.getRegParam() == 0.01 and loaded.getLoss() == "softmax"
    assert loaded.coefficients == model.coefficients
    again = loaded.transform(iris).select("p").collect()
    assert [r.p for r in again] == [r.prediction for r in rows]

    estimator.setSeed(5).write().save(str(tmp_path / "estimator"))
    back = DescentEstimator.load(str(tmp_path / "estimator"))
    assert back.uid == estimator.uid and back.getSeed() == 5 and back.getEpochs() == 25


@pytest.mark.parametrize("loss,optimizer", [("logistic", "lbfgs"), ("squared", "lbfgs"),
                                            ("hinge", "adam")])
def test_coefficients_of_every_loss_match_the_saved_model(spark, loss, optimizer, tmp_path):
    wine = spark.read.format("libsvm").load(data("wine_binary.libsvm"))
    model = DescentEstimator(loss=loss, optimizer=optimizer, epochs=10).fit(wine)
    assert len(model.coefficients) == 13 and isinstance(model.intercept, float)
    model.save(str(tmp_path / loss))
    local = descent.load_model(str(tmp_path / loss))
    assert local.loss == loss
    assert local.coefficients == model.coefficients and local.intercept == model.intercept


def test_pipeline_over_connect(spark, tmp_path):
    wine = spark.read.format("libsvm").option("numFeatures", "13") \
        .load(data("wine_binary.libsvm"))
    from pyspark.ml.functions import vector_to_array
    arr = vector_to_array("features")
    columns = ["x%d" % i for i in range(1, 14)]
    df = wine.select("label", *[arr[i].alias(c) for i, c in enumerate(columns)])
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=columns, outputCol="features"),
                                DescentEstimator(loss="logistic", optimizer="lbfgs",
                                                 regParam=0.01, epochs=20)])
    fitted = pipeline.fit(df)
    out = fitted.transform(df)
    assert out.where(F.col("prediction") == F.col("label")).count() / out.count() > 0.9
    fitted.save(str(tmp_path / "pipeline"))
    again = PipelineModel.load(str(tmp_path / "pipeline"))
    assert isinstance(again.stages[-1], DescentModel)
    assert again.transform(df).select("probability").collect() == \
        out.select("probability").collect()


def test_what_connect_cannot_do_names_the_alternative(spark, iris, tmp_path):
    model = DescentEstimator(loss="softmax", epochs=2).fit(iris)
    with pytest.raises(ConnectUnsupported, match="classic PySpark.*metrics.json"):
        model.summary
    with pytest.raises(ConnectUnsupported, match="submit.sh export"):
        model.export(str(tmp_path / "x"))
    with pytest.raises(ValueError, match="bad value for elasticNet"):
        DescentEstimator(elasticNet=3)
    with pytest.raises(ValueError, match="optimizer=lbfgs needs a smooth loss"):
        DescentEstimator(loss="hinge", optimizer="lbfgs").fit(iris)
