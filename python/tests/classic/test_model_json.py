"""descent.load_model reads model.json in plain Python (numpy optional) and predicts like the
JVM's DescentModel.transform."""

import json
import os
import subprocess
import sys

import pytest

import descent
from descent import DescentEstimator, ModelFormatError
import descent.model as model_module


def close(a, b, tol=1e-12):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


@pytest.fixture(scope="module", params=[("softmax", "iris"), ("logistic", "wine"),
                                        ("squared", "wine"), ("hinge", "wine")])
def trained(request, spark, iris, wine_columns, tmp_path_factory):
    from pyspark.ml.feature import VectorAssembler
    loss, data = request.param
    df = iris if data == "iris" else VectorAssembler(
        inputCols=["x%d" % i for i in range(1, 14)], outputCol="features").transform(wine_columns)
    optimizer = "adam" if loss == "hinge" else "lbfgs"
    model = DescentEstimator(loss=loss, optimizer=optimizer, epochs=15, regParam=0.01).fit(df)
    path = str(tmp_path_factory.mktemp(loss) / "model")
    model.save(path)
    rows = model.transform(df).collect()
    return loss, path, rows


def jvm_outputs(loss, rows):
    preds = [r.prediction for r in rows]
    probs = [list(r.probability) for r in rows] if loss in ("logistic", "softmax") else None
    return preds, probs


@pytest.mark.parametrize("with_numpy", [True, False])
def test_load_model_predicts_like_the_jvm(trained, with_numpy, monkeypatch):
    loss, path, rows = trained
    if not with_numpy:
        monkeypatch.setattr(model_module, "_np", None)
    m = descent.load_model(path)
    assert m.loss == loss
    features = [r.features.toArray().tolist() for r in rows]
    preds, probs = jvm_outputs(loss, rows)
    ours = m.predict(features)
    if loss == "squared":
        assert all(close(a, b) for a, b in zip(ours, preds))
    else:
        assert ours == preds
    if probs:
        for a, b in zip(m.predict_proba(features), probs):
            assert all(close(x, y) for x, y in zip(a, b))
    else:
        with pytest.raises(ValueError, match="no probabilities"):
            m.predict_proba(features)
    # Sparse rows (index -> value) give the same margins as dense ones.
    sparse = [{j: v for j, v in enumerate(f) if v != 0.0} for f in features[:10]]
    assert all(close(a, b) for ra, rb in zip(m.margins(sparse), m.margins(features[:10]))
               for a, b in zip(ra, rb))


def test_model_json_file_and_the_fitted_model_agree(trained, spark):
    loss, path, _ = trained
    from descent.ml import DescentModel
    fitted = DescentModel.load(path)
    m = descent.load_model(os.path.join(path, "model.json"))
    assert m.coefficients == fitted.coefficients and m.intercept == fitted.intercept
    assert m.settings["loss"] == loss if "loss" in m.settings else True


def test_no_spark_and_no_numpy_needed(trained, tmp_path):
    """A fresh interpreter where importing pyspark, py4j or numpy fails."""
    loss, path, rows = trained
    features = [r.features.toArray().tolist() for r in rows[:20]]
    script = tmp_path / "nospark.py"
    script.write_text(
        "import sys, json\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('pyspark', 'py4j', 'numpy'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import descent\n"
        "m = descent.load_model(sys.argv[1])\n"
        "print(json.dumps(m.predict(json.loads(sys.argv[2]))))\n"
        "assert 'pyspark' not in sys.modules and 'numpy' not in sys.modules\n")
    out = subprocess.run([sys.executable, str(script), path, json.dumps(features)],
                         capture_output=True, text=True, check=True).stdout
    preds, _ = jvm_outputs(loss, rows[:20])
    assert all(close(a, b) for a, b in zip(json.loads(out), preds))


def test_bad_model_files_are_named(tmp_path):
    f = tmp_path / "model.json"
    for text, message in [("{", "not valid JSON"), ("[]", "not a JSON object"),
                          ('{"format": "x"}', "not a Descent model"),
                          ('{"format": "descent-linear-model", "formatVersion": 9}',
                           "version 9; this package reads version 1 .it was written by a newer"),
                          ('{"format": "descent-linear-model", "formatVersion": 1, "loss": '
                           '"logistic", "numFeatures": 2, "numClasses": 2, "weights": [1, "a"],'
                           ' "intercept": 0}', r'"weights\[1\]" must be a finite number')]:
        f.write_text(text)
        with pytest.raises(ModelFormatError, match=message) as e:
            descent.load_model(str(tmp_path))
        assert str(f) in str(e.value)
