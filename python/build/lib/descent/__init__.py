"""Descent from Python: distributed gradient descent for linear models on Spark.

- ``descent.DescentEstimator`` / ``descent.DescentModel``: PySpark ML stages (classic PySpark
  with the Descent jar on the classpath, or Spark Connect with the jar on the server).
- ``descent.load_model(path)``: a trained model's model.json in plain Python (no Spark; numpy
  when installed), with ``predict`` and ``predict_proba``.
"""

from .model import LinearModel, ModelFormatError, load_model, parse_model

__version__ = "0.1.0"

_ML = ("DescentEstimator", "DescentModel", "TrainingSummary", "TrainingDiverged",
       "ConnectUnsupported")

__all__ = ["LinearModel", "ModelFormatError", "load_model", "parse_model"] + list(_ML)


def __getattr__(name):
    """The PySpark stages, imported on first use so that load_model needs no PySpark."""
    if name in _ML:
        from . import ml
        return getattr(ml, name)
    raise AttributeError("module 'descent' has no attribute %r" % name)
