"""Descent as PySpark ML stages: DescentEstimator and DescentModel.

They wrap the JVM classes the way pyspark.ml wraps its own (JavaEstimator, JavaModel,
JavaMLReadable, JavaMLWritable), in classic PySpark (a local JVM with the Descent jar on its
classpath) and over Spark Connect (a server with the Descent jar; the client has no JVM). Params
are generated from params.json, which is generated from the Java settings declarations.
"""

import json

from pyspark.ml.param import Param, Params
from pyspark.ml.util import JavaMLReadable, JavaMLReader, JavaMLWritable, MLReader
from pyspark.ml.wrapper import JavaEstimator, JavaModel
from pyspark.sql.utils import is_remote

from . import _params
from .model import parse_model, LinearModel

JAVA_ESTIMATOR = "dev.descent.ml.DescentEstimator"
JAVA_MODEL = "dev.descent.ml.DescentModel"
CONNECT_ESTIMATOR = "dev.descent.ml.connect.ConnectEstimator"
CONNECT_MODEL = "dev.descent.ml.connect.ConnectModel"

#: Column params a fitted model may change (the others are what it was trained with).
MODEL_SETTABLE = ("featuresCol", "predictionCol", "probabilityCol", "rawPredictionCol")

#: A model's fitted intercept is model.intercept, as in Spark ML; the setting "intercept"
#: (whether to fit one) is a param of the estimator only.
MODEL_HIDDEN = ("intercept",)


class TrainingDiverged(RuntimeError):
    """Training diverged, so there is no model; the message says why and what to try."""


class ConnectUnsupported(NotImplementedError):
    """What a Spark Connect server does not let a client reach; the message names the
    alternative."""


def _cap(name):
    return name[0].upper() + name[1:]


def _getter(name):
    def get(self):
        return self.getOrDefault(name)
    get.__name__ = "get" + _cap(name)
    get.__doc__ = "Gets the value of %s or its default: %s" % (name, _params.BY_NAME[name].doc)
    return get


def _setter(name):
    def set_(self, value):
        return self._setChecked(**{name: value})
    set_.__name__ = "set" + _cap(name)
    spec = _params.BY_NAME[name]
    set_.__doc__ = "Sets %s: %s%s" % (name, spec.doc,
                                        " Allowed: %s." % spec.allowed if spec.allowed else "")
    return set_


def _describe(spec):
    default = "unset" if spec.default is None else repr(spec.default)
    allowed = "; allowed: %s" % spec.allowed if spec.allowed else ""
    return "    %s (%s, default %s%s)\n        %s" % (spec.name, spec.type, default, allowed,
                                                      spec.doc)


class _DescentParams(Params):
    """Params shared by the estimator and the model, added below from params.json."""

    def _setChecked(self, **kwargs):
        """Sets params by name, refusing unknown names and None; values are converted and
        validated by the param's own converter (TypeError or ValueError naming the param)."""
        for name, value in kwargs.items():
            if not isinstance(getattr(type(self), name, None), Param):
                raise TypeError("%s has no param %r%s"
                                % (type(self).__name__, name, _params.suggest(name)))
            if value is None:
                raise TypeError("%s: None is not a value; leave the param unset instead" % name)
            _params.BY_NAME[name].convert(value)  # every value checked before any is set
        return self._set(**kwargs)

    def _descentDefaults(self):
        hidden = MODEL_HIDDEN if isinstance(self, DescentModel) else ()
        self._setDefault(**{s.name: s.default for s in _params.PARAMS
                            if s.default is not None and s.name not in hidden})


for _spec in _params.PARAMS:
    setattr(_DescentParams, _spec.name,
            Param(Params._dummy(), _spec.name, _spec.doc, typeConverter=_spec.convert))
    setattr(_DescentParams, "get" + _cap(_spec.name), _getter(_spec.name))


def _java_text(value):
    """A param value as the command line's text (floats in Python's shortest round-trip form,
    which Java parses to the same double)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _translate(error):
    """A Py4J error from Descent's JVM code as the Python error it stands for, or None."""
    java = getattr(error, "java_exception", None)
    if java is None:
        return None
    name = java.getClass().getName()
    message = java.getMessage()
    if name == "dev.descent.config.ConfigException":
        return ValueError(message)
    if name == "dev.descent.ml.TrainingDivergedException":
        return TrainingDiverged(message)
    return None


def _translate_remote(error):
    """A Spark Connect error from Descent's server-side code as the Python error it stands for,
    or None (the server reports '(java.class.Name) message' and its stack trace)."""
    import re
    m = re.search(r"\((dev\.descent\.[\w.]+)\) ([^\n]*)", str(error))
    if m is None:
        return None
    if m.group(1) == "dev.descent.config.ConfigException":
        return ValueError(m.group(2))
    if m.group(1) == "dev.descent.ml.TrainingDivergedException":
        return TrainingDiverged(m.group(2))
    return None


def _call(fn, *args):
    from py4j.protocol import Py4JJavaError
    try:
        return fn(*args)
    except Py4JJavaError as e:
        translated = _translate(e)
        if translated is None:
            raise
        raise translated from None


def _new_java(cls_name, uid):
    """A JVM object of a Descent class, or an error saying how to put the jar on the classpath."""
    from pyspark.ml.wrapper import JavaWrapper
    try:
        return JavaWrapper._new_java_obj(cls_name, uid)
    except TypeError as e:
        if "JavaPackage" in str(e):
            raise RuntimeError(
                "%s is not on the Spark driver's classpath: start Spark with the Descent jar, "
                "e.g. SparkSession.builder.config('spark.jars', 'descent.jar') or "
                "spark-submit --jars descent.jar app.py" % cls_name) from None
        raise


class _Reader(JavaMLReader):
    """Reads a saved Descent stage in classic PySpark (the JVM class is not a pyspark one)."""

    @classmethod
    def _java_loader_class(cls, clazz):
        return clazz._java_class

    def load(self, path):
        return self._clazz._from_java(_call(self._jread.load, path))


class _RemoteReader(MLReader):
    """Reads a saved Descent stage through a Spark Connect server."""

    def __init__(self, clazz):
        super().__init__()
        self._clazz = clazz

    def load(self, path):
        import pyspark.sql.connect.proto as pb2
        from pyspark.ml.connect.serialize import deserialize, deserialize_param
        from pyspark.ml.util import RemoteModelRef
        from pyspark.sql.connect.session import SparkSession

        session = SparkSession.getActiveSession()
        is_model = issubclass(self._clazz, JavaModel)
        ml_type = (pb2.MlOperator.OPERATOR_TYPE_MODEL if is_model
                   else pb2.MlOperator.OPERATOR_TYPE_ESTIMATOR)
        command = pb2.Command()
        command.ml_command.read.CopyFrom(pb2.MlCommand.Read(
            operator=pb2.MlOperator(name=self._clazz._connect_class, type=ml_type), path=path))
        _, properties, _ = session.client.execute_command(command)
        result = deserialize(properties)
        instance = (self._clazz(RemoteModelRef(result.obj_ref.id)) if is_model
                    else self._clazz())
        instance._resetUid(result.uid)
        params = {k: deserialize_param(v) for k, v in result.params.params.items()}
        instance._set(**{k: v for k, v in params.items()
                         if isinstance(getattr(type(instance), k, None), Param)})
        return instance


class _Readable(JavaMLReadable):
    @classmethod
    def read(cls):
        return _RemoteReader(cls) if is_remote() else _Reader(cls)

    @classmethod
    def _from_java(cls, java_stage):
        py = cls.__new__(cls)
        cls.__init__(py, _java_obj=java_stage)
        return py


class DescentEstimator(JavaEstimator, _DescentParams, _Readable, JavaMLWritable):
    """Descent: distributed gradient descent for linear models, as a Spark ML estimator.

    ``DescentEstimator(loss="logistic", optimizer="lbfgs", regParam=0.01)`` takes its params as
    keywords (or setters: ``setRegParam(0.01)``), with the command line's names, defaults and
    validation: a bad value raises ValueError, a value of the wrong type TypeError, both naming
    the param, before any Spark job. ``fit(df)`` trains on the ``labelCol`` and ``featuresCol``
    (a Spark ML vector, as VectorAssembler makes) columns and returns a :class:`DescentModel`.

    Params:
{params}
    """

    _java_class = JAVA_ESTIMATOR
    _connect_class = CONNECT_ESTIMATOR

    def __init__(self, _java_obj=None, **kwargs):
        super().__init__()
        if _java_obj is not None:
            self._java_obj = _java_obj
            self._descentDefaults()
            self._resetUid(_java_obj.uid())
            self._transfer_params_from_java()
        else:
            self._java_obj = (self._connect_class if is_remote()
                              else _new_java(self._java_class, self.uid))
            self._descentDefaults()
        self.setParams(**kwargs)

    def setParams(self, **kwargs):
        """Sets params by keyword, as the constructor does."""
        return self._setChecked(**kwargs)

    def _create_model(self, java_model):
        return DescentModel(java_model)

    def _fit(self, dataset):
        if not is_remote():
            return super()._fit(dataset)
        try:
            return super()._fit(dataset)
        except Exception as e:
            translated = _translate_remote(e)
            if translated is None:
                raise
            raise translated from None

    def _fit_java(self, dataset):
        self._transfer_params_to_java()
        return _call(self._java_obj.fit, dataset._jdf)

    def _transfer_params_to_java(self):
        """Sends the set params as the command line's text, which the JVM parses and checks."""
        for param in self.params:
            if self.isSet(param):
                value = self._paramMap[param]
                if _params.BY_NAME[param.name].setting:
                    _call(self._java_obj.set, param.name, _java_text(value))
                else:
                    self._java_obj.set(self._make_java_param_pair(param, value))


for _spec in _params.PARAMS:
    setattr(DescentEstimator, "set" + _cap(_spec.name), _setter(_spec.name))


class TrainingSummary:
    """The training run, as the command line's metrics.json records it.

    Lists, one entry per epoch: ``epochs``, ``loss``, ``objective`` (also ``objectiveHistory``,
    Spark ML's name), ``learningRate``, ``gradientNorm``, ``seconds``, and with validation rows
    ``validationLoss`` and ``validationAccuracy`` (else empty lists). Also ``status``
    (converged, finished or diverged), ``reason``, ``initialObjective``, ``finalObjective`` and
    ``metrics``, the whole metrics.json document as a dict.
    """

    def __init__(self, metrics):
        self.metrics = metrics
        self.status = metrics.get("status")
        self.reason = metrics.get("reason")
        self.initialObjective = metrics.get("initialObjective")
        self.finalObjective = metrics.get("finalObjective")
        epochs = metrics.get("epochs", [])
        self.epochs = [e["epoch"] for e in epochs]
        for key in ("loss", "objective", "learningRate", "gradientNorm", "seconds"):
            setattr(self, key, [e.get(key) for e in epochs])
        validated = any("validationLoss" in e for e in epochs)
        self.validationLoss = [e.get("validationLoss") for e in epochs] if validated else []
        self.validationAccuracy = ([e.get("validationAccuracy") for e in epochs]
                                   if validated else [])
        self.objectiveHistory = self.objective

    def __repr__(self):
        return "TrainingSummary(%s, %d epochs, objective %s)" % (
            self.status, len(self.epochs), self.finalObjective)


class DescentModel(JavaModel, _DescentParams, _Readable, JavaMLWritable):
    """A fitted Descent model: ``transform(df)`` adds ``prediction`` (and, for classifiers,
    ``rawPrediction``, and for logistic and softmax ``probability``), as Spark ML's models do.

    ``coefficients`` and ``intercept`` are the fitted weights and intercept on the original
    feature scale (lists per class for softmax), ``linearModel`` the whole model in plain Python
    (:class:`descent.LinearModel`, which predicts without Spark), ``summary`` the training run
    (classic PySpark only), ``save``/``load`` Spark ML's persistence (pipelines included), and
    ``export(path)`` writes Spark ML's own model (LogisticRegressionModel, LinearRegressionModel
    or LinearSVCModel).

    Params (those of the estimator it came from, except ``intercept``, which here is the fitted
    intercept):
{params}
    """

    _java_class = JAVA_MODEL
    _connect_class = CONNECT_MODEL

    def __init__(self, java_model=None, _java_obj=None):
        self._linear = None  # before JavaModel's constructor, which probes the attributes
        if _java_obj is not None:
            super().__init__(None)
            self._java_obj = _java_obj
            self._descentDefaults()
            self._resetUid(_java_obj.uid())
            self._transfer_params_from_java()
        else:
            super().__init__(java_model)
            self._descentDefaults()

    @property
    def linearModel(self):
        """The fitted model as a plain-Python :class:`descent.LinearModel`."""
        if self._linear is None:
            self._linear = self._fetch_remote() if is_remote() else self._fetch_classic()
        return self._linear

    def _fetch_classic(self):
        from pyspark import SparkContext
        jvm = SparkContext._active_spark_context._jvm
        text = jvm.dev.descent.model.ModelJson.toString(self._java_obj.linearModel())
        return parse_model(text, "the model of %s" % self.uid)

    def _fetch_remote(self):
        """Over Spark Connect: the attributes the server allows on Spark ML's model classes
        (the loss from the server-side model's description, 'LinearModel[softmax, ...]')."""
        import re
        described = re.search(r"LinearModel\[(\w+),", self._call_java("toString"))
        loss = described.group(1) if described else self.getOrDefault("loss")
        if loss in ("logistic", "softmax"):
            matrix = self._call_java("coefficientMatrix").toArray().tolist()
            intercepts = list(self._call_java("interceptVector").toArray())
        else:
            matrix = [list(self._call_java("coefficients").toArray())]
            intercepts = [self._call_java("intercept")]
        classes = {"squared": 0, "softmax": len(matrix)}.get(loss, 2)
        return LinearModel(loss, len(matrix[0]), classes, matrix, intercepts,
                           settings={p.name: _java_text(v) for p, v in self._paramMap.items()
                                     if _params.BY_NAME[p.name].setting})

    def hasParam(self, paramName):
        # The fitted intercept is not the "intercept" param (and is not fetched to say so).
        return paramName not in MODEL_HIDDEN and super().hasParam(paramName)

    @property
    def coefficients(self):
        """The weights: a list of numFeatures numbers, or for softmax one such list per class."""
        return self.linearModel.coefficients

    @property
    def intercept(self):
        """The intercept: a number, or for softmax one per class."""
        return self.linearModel.intercept

    @property
    def hasSummary(self):
        return not is_remote() and self._java_obj.hasSummary()

    @property
    def summary(self):
        """The training run (:class:`TrainingSummary`): per-epoch loss, objective and validation
        loss as lists, status and reason. Only for a model trained in this classic session."""
        if is_remote():
            raise ConnectUnsupported(
                "the training summary is not reachable over Spark Connect: the server lets a "
                "client call only the model attributes it knows for Spark ML's classes. Train in "
                "classic PySpark (a SparkSession with a local JVM) to get model.summary, or with "
                "the command line, whose output holds metrics.json")
        if not self._java_obj.hasSummary():
            raise RuntimeError("no training summary: this model was loaded, not trained in this "
                               "session (metrics.json of a command-line run holds the history)")
        from pyspark import SparkContext
        jvm = SparkContext._active_spark_context._jvm
        data = jvm.dev.descent.report.MetricsJson.of(self._java_obj.summary())
        return TrainingSummary(json.loads(bytes(data).decode("utf-8")))

    def toSparkML(self):
        """Spark ML's own model that predicts as this one (classic PySpark)."""
        self._classic_only("toSparkML")
        from pyspark.ml.wrapper import JavaParams
        self._transfer_params_to_java()
        return JavaParams._from_java(self._java_obj.toSparkML())

    def export(self, path):
        """Writes Spark ML's own model to path (which must not exist), as ``./submit.sh export``
        does; LogisticRegressionModel.load (or LinearRegressionModel, LinearSVCModel) reads it."""
        self._classic_only("export")
        self._transfer_params_to_java()
        self._java_obj.exportSparkML(path)

    def _classic_only(self, what):
        if is_remote():
            raise ConnectUnsupported(
                "%s is not available over Spark Connect (the server keeps the model and writes "
                "only its own format). Save it with model.save(path), then either run "
                "'./submit.sh export model=PATH output=OUT' where the files are, or load it in "
                "classic PySpark and call %s there; model.coefficients and model.intercept do "
                "work over Connect" % (what, what))

    def _transfer_params_to_java(self):
        """The model's own settable params (columns); its settings are those it was trained
        with, already on the JVM model."""
        for param in self.params:
            if param.name in MODEL_SETTABLE and self.isSet(param):
                self._java_obj.set(self._make_java_param_pair(param, self._paramMap[param]))


for _spec in _params.PARAMS:
    if _spec.name in MODEL_SETTABLE:
        setattr(DescentModel, "set" + _cap(_spec.name), _setter(_spec.name))
for _name in MODEL_HIDDEN:
    setattr(DescentModel, "get" + _cap(_name), None)

DescentEstimator.__doc__ = DescentEstimator.__doc__.format(
    params="\n".join(_describe(s) for s in _params.PARAMS))
DescentModel.__doc__ = DescentModel.__doc__.format(
    params="\n".join(_describe(s) for s in _params.PARAMS if s.name not in MODEL_HIDDEN))
