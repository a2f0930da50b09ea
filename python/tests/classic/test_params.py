"""Python params are the Java settings: names, docs, defaults, validation (against the JVM's own
parsers, value by value), typed setters; bad values fail before any Spark job."""

import pytest

from descent import _params
from descent.ml import DescentEstimator, DescentModel, MODEL_HIDDEN

PROBES = ["", " ", "auto", "none", "all", "0", "1", "-1", "2", "3", "0.5", "1.5", "100", "101",
          "1e-6", "1E3", "abc", "true", "false", "TRUE", "False", "yes", "1%", "50%", "100%",
          "150%", "0%", "-5%", "1 epochs", "5 steps", "0 steps", "2 epoch", "7step", "x steps",
          " 3 ", "3.0", "+4", "-0", "2147483647", "2147483648", "9223372036854775807",
          "9223372036854775808", "NaN", "Infinity", "-Infinity", "1e400", "0x1p3", "1d", "2f",
          ".5", "5.", "/tmp/x", "models/m", "1,2", "0.999", "0.9999999999", "1.0000001"]


def java_accepts(jvm, key, text):
    setting = jvm.dev.descent.config.Settings.byKey(key)
    try:
        setting.parse(text)
        return True
    except Exception as e:  # py4j error carrying the ConfigException
        assert "ConfigException" in str(e), str(e)
        return False


def python_accepts(spec, value):
    try:
        spec.convert(value)
        return True
    except ValueError:
        return False


def typed(spec, text):
    """The Python value a user would pass for text, or None where the type has none."""
    t = text.strip()
    try:
        if spec.type == "double":
            return float(t) if t.lower() not in ("nan", "infinity", "-infinity") else None
        if spec.type in ("int", "long"):
            return int(t)
        if spec.type == "boolean":
            return {"true": True, "false": False}.get(t.lower())
    except ValueError:
        return None
    return text


def test_params_are_the_java_params_with_their_docs_and_defaults(spark, jvm):
    java = jvm.dev.descent.ml.DescentEstimator()
    java_names = [p.name() for p in java.params()]
    assert [s.name for s in _params.PARAMS] == java_names
    e = DescentEstimator()
    assert sorted(p.name for p in e.params) == sorted(java_names)
    for spec in _params.PARAMS:
        jp = java.getParam(spec.name)
        assert e.getParam(spec.name).doc == jp.doc() == spec.doc
        if java.hasDefault(jp):
            assert e.getOrDefault(spec.name) == java.getOrDefault(jp), spec.name
        else:
            assert not e.hasDefault(spec.name), spec.name
        assert spec.understood, "%s: allowed values %r not understood" % (spec.name, spec.allowed)
    # The model: the same params, but intercept is the fitted intercept there.
    m = DescentModel()
    assert sorted(p.name for p in m.params) == sorted(n for n in java_names
                                                      if n not in MODEL_HIDDEN)


def test_every_setting_validates_like_the_command_line(jvm):
    checked = 0
    for spec in _params.PARAMS:
        if not spec.setting:
            continue
        for text in PROBES + _params._split(spec.allowed):
            value = typed(spec, text)
            if value is None:
                continue
            java_text = text if spec.type == "string" else (
                "true" if value is True else "false" if value is False else repr(value))
            assert python_accepts(spec, value) == java_accepts(jvm, spec.name, java_text), \
                "%s=%r: Python and the JVM disagree" % (spec.name, value)
            checked += 1
    assert checked > 1000


def test_every_setting_has_a_typed_setter_and_getter():
    e = DescentEstimator()
    for spec in _params.PARAMS:
        name = spec.name[0].upper() + spec.name[1:]
        assert getattr(e, "set" + name).__doc__.startswith("Sets " + spec.name)
        if spec.default is not None:
            assert getattr(e, "set" + name)(spec.default) is e
            assert getattr(e, "get" + name)() == e.getOrDefault(spec.name) == \
                spec.convert(spec.default)
            assert e.isSet(spec.name)
    assert "regParam (double, default 0.0; allowed: a number >= 0)" in DescentEstimator.__doc__


def test_keywords_setters_and_types(spark):
    e = DescentEstimator(loss="logistic", optimizer="lbfgs", regParam=1, learningRate=0.05,
                         batchSize=32, seed=2 ** 40)
    assert e.getRegParam() == 1.0 and isinstance(e.getRegParam(), float)
    assert e.getLearningRate() == "0.05" and e.getBatchSize() == "32"
    assert e.setEpochs(7).getEpochs() == 7
    with pytest.raises(ValueError, match=r"bad value for regParam: -1; allowed: a number >= 0"):
        DescentEstimator(regParam=-1)
    with pytest.raises(ValueError, match="optimizer.*allowed: sgd, momentum"):
        e.setOptimizer("newton")
    with pytest.raises(TypeError, match="epochs"):
        DescentEstimator(epochs="ten")
    with pytest.raises(TypeError, match="standardize"):
        DescentEstimator(standardize="yes")
    with pytest.raises(TypeError, match="no param 'regparam' .did you mean regParam"):
        DescentEstimator(regparam=0.1)
    with pytest.raises(TypeError, match="labelColumn is about files.*labelCol"):
        DescentEstimator(labelColumn="y")
    with pytest.raises(TypeError, match="seed: None is not a value"):
        DescentEstimator(seed=None)
    with pytest.raises(ValueError, match="epochs"):
        DescentEstimator(epochs=2 ** 31)
    assert e.getOptimizer() == "lbfgs"  # a refused value leaves the param as it was
    with pytest.raises(ValueError, match="momentum"):
        e.setParams(epochs=3, momentum=1.0)
    assert e.getEpochs() == 7  # nothing set when one of several values is refused


def jobs(spark):
    return len(spark.sparkContext.statusTracker().getJobIdsForGroup(None))


def test_bad_params_fail_before_any_spark_job(spark, iris):
    iris.count()
    before = jobs(spark)
    with pytest.raises(ValueError):
        DescentEstimator(loss="softmax", elasticNet=2.0).fit(iris)
    with pytest.raises(ValueError, match="optimizer=lbfgs needs a smooth loss"):
        DescentEstimator(loss="hinge", optimizer="lbfgs").fit(iris)
    with pytest.raises(ValueError, match="numClasses"):
        DescentEstimator(loss="softmax").setNumClasses("one").fit(iris)
    assert jobs(spark) == before
    DescentEstimator(loss="softmax", epochs=1).fit(iris)  # the count does see jobs
    assert jobs(spark) > before
