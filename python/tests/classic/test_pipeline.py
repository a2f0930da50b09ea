"""Descent in classic PySpark pipelines: the same model as the Java API, Spark's evaluators,
save/load round trips, the training history, export to Spark ML's own models."""

import math

import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import (BinaryClassificationEvaluator,
                                   MulticlassClassificationEvaluator, RegressionEvaluator)
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import DataFrame

from descent import DescentEstimator, DescentModel, TrainingDiverged

COLUMNS = ["x%d" % i for i in range(1, 14)]
SETTINGS = {"loss": "logistic", "optimizer": "lbfgs", "regParam": 0.01, "elasticNet": 0.5,
            "epochs": 40}


def close(a, b, tol=1e-12):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def java_model(jvm, df, settings):
    """The Java API's model (DescentEstimator from Java) on the same rows."""
    e = jvm.dev.descent.ml.DescentEstimator()
    for k, v in settings.items():
        e.set(k, repr(v) if isinstance(v, float) else str(v))
    return e.fit(df._jdf)


def pipeline(**settings):
    return Pipeline(stages=[VectorAssembler(inputCols=COLUMNS, outputCol="features"),
                            DescentEstimator(**settings)])


def test_pipeline_fit_equals_the_java_api_and_spark_evaluators_agree(spark, jvm, wine_columns):
    fitted = pipeline(**SETTINGS).fit(wine_columns)
    model = fitted.stages[-1]
    assert isinstance(model, DescentModel)
    assembled = fitted.stages[0].transform(wine_columns)
    java = java_model(jvm, assembled, SETTINGS)
    java_weights = list(java.linearModel().weights(0))
    assert len(model.coefficients) == 13
    assert all(close(a, b) for a, b in zip(model.coefficients, java_weights))
    assert close(model.intercept, java.linearModel().intercept(0))
    assert sum(1 for w in model.coefficients if w == 0.0) > 0  # elastic net: exact zeros

    ours = fitted.transform(wine_columns)
    theirs = DataFrame(java.transform(assembled._jdf), spark)
    for evaluator in (BinaryClassificationEvaluator(metricName="areaUnderROC"),
                      BinaryClassificationEvaluator(metricName="areaUnderPR"),
                      MulticlassClassificationEvaluator(metricName="accuracy"),
                      MulticlassClassificationEvaluator(metricName="logLoss")):
        assert close(evaluator.evaluate(ours), evaluator.evaluate(theirs), 1e-12), evaluator
    # Accuracy recomputed here from the rows and the Python-side coefficients.
    rows = ours.select("label", "prediction", *COLUMNS).collect()
    margins = [model.intercept + sum(w * r[c] for w, c in zip(model.coefficients, COLUMNS))
               for r in rows]
    assert [r.prediction for r in rows] == [1.0 if m > 0 else 0.0 for m in margins]
    accuracy = sum(r.label == r.prediction for r in rows) / len(rows)
    assert close(MulticlassClassificationEvaluator(metricName="accuracy").evaluate(ours),
                 accuracy)


def test_softmax_coefficients_per_class_and_regression_evaluator(spark, jvm, iris):
    settings = {"loss": "softmax", "optimizer": "lbfgs", "regParam": 0.001, "epochs": 30}
    model = DescentEstimator(**settings).fit(iris)
    java = java_model(jvm, iris, settings).linearModel()
    assert len(model.coefficients) == 3 and len(model.intercept) == 3
    for k in range(3):
        assert all(close(a, b) for a, b in zip(model.coefficients[k], java.weights(k)))
        assert close(model.intercept[k], java.intercept(k))
    squared = DescentEstimator(loss="squared", optimizer="lbfgs", epochs=30).fit(iris)
    out = squared.transform(iris)
    rows = out.select("label", "prediction").collect()
    mse = sum((r.label - r.prediction) ** 2 for r in rows) / len(rows)
    assert close(RegressionEvaluator(metricName="mse").evaluate(out), mse, 1e-9)


def test_history_is_the_training_runs(spark, jvm, iris):
    model = DescentEstimator(loss="softmax", optimizer="adam", epochs=6, batchSize=32,
                             validationFraction=0.2).fit(iris)
    s = model.summary
    assert s.epochs == [1, 2, 3, 4, 5, 6] and s.status == "finished"
    java = model._java_obj.summary().history()
    assert s.loss == [java.get(i).loss() for i in range(6)]
    assert s.objective == [java.get(i).objective() for i in range(6)] == s.objectiveHistory
    assert s.validationLoss == [java.get(i).validationLoss() for i in range(6)]
    assert all(isinstance(v, float) for v in s.validationLoss + s.loss)
    assert DescentEstimator(loss="softmax", epochs=2).fit(iris).summary.validationLoss == []


def test_model_estimator_and_pipeline_save_and_load(spark, wine_columns, tmp_path):
    fitted = pipeline(**SETTINGS).fit(wine_columns)
    model = fitted.stages[-1].setPredictionCol("p")
    model.write().overwrite().save(str(tmp_path / "model"))
    loaded = DescentModel.load(str(tmp_path / "model"))
    assert loaded.coefficients == model.coefficients and loaded.intercept == model.intercept
    assert loaded.uid == model.uid and loaded.getPredictionCol() == "p"
    assert loaded.getRegParam() == 0.01 and loaded.getLoss() == "logistic"
    with pytest.raises(RuntimeError, match="no training summary"):
        loaded.summary

    estimator = DescentEstimator(**SETTINGS).setLearningRate("auto").setSeed(7)
    estimator.save(str(tmp_path / "estimator"))
    back = DescentEstimator.load(str(tmp_path / "estimator"))
    assert back.uid == estimator.uid
    for name in list(SETTINGS) + ["seed", "learningRate"]:
        assert back.getOrDefault(name) == estimator.getOrDefault(name), name

    fitted.save(str(tmp_path / "pipeline"))
    again = PipelineModel.load(str(tmp_path / "pipeline"))
    assert isinstance(again.stages[-1], DescentModel)
    assert again.transform(wine_columns).select("p", "probability").collect() == \
        fitted.transform(wine_columns).select("p", "probability").collect()
    unfitted = pipeline(**SETTINGS)
    unfitted.save(str(tmp_path / "unfitted"))
    stage = Pipeline.load(str(tmp_path / "unfitted")).getStages()[-1]
    assert isinstance(stage, DescentEstimator) and stage.getElasticNet() == 0.5


def test_export_to_spark_ml_and_divergence(spark, iris, tmp_path):
    from pyspark.ml.classification import LogisticRegressionModel
    model = DescentEstimator(loss="softmax", optimizer="lbfgs", epochs=20).fit(iris)
    model.export(str(tmp_path / "spark"))
    spark_model = LogisticRegressionModel.load(str(tmp_path / "spark"))
    assert spark_model.coefficientMatrix.toArray().tolist() == model.coefficients
    assert list(spark_model.interceptVector) == model.intercept
    ours = model.transform(iris).select("prediction").collect()
    assert spark_model.transform(iris).select("prediction").collect() == ours
    assert isinstance(model.toSparkML(), LogisticRegressionModel)
    with pytest.raises(TrainingDiverged, match="Likely cause"):
        DescentEstimator(loss="squared", standardize=False, learningRate=50.0,
                         epochs=5).fit(iris)
    assert math.isfinite(model.intercept[0])


def test_cross_validation_varies_typed_params(spark, iris):
    from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
    estimator = DescentEstimator(loss="softmax", optimizer="lbfgs", epochs=10)
    grid = ParamGridBuilder().addGrid(estimator.regParam, [0.0, 10.0]) \
        .addGrid(estimator.standardize, [True]).build()
    cv = CrossValidator(estimator=estimator, estimatorParamMaps=grid, numFolds=2, seed=3,
                        evaluator=MulticlassClassificationEvaluator(metricName="accuracy"))
    fitted = cv.fit(iris)
    assert len(fitted.avgMetrics) == 2
    assert fitted.avgMetrics[0] > fitted.avgMetrics[1]  # a heavy penalty costs accuracy
    assert fitted.bestModel.getRegParam() == 0.0
