"""PySpark finds the Python class of a saved JVM stage by its Java class name
(dev.descent.ml.DescentModel -> module dev.descent.ml), for example when it loads a saved
Pipeline holding Descent stages; this module answers with descent's classes."""

from descent.ml import DescentEstimator, DescentModel  # noqa: F401
