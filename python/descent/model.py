"""Descent's model.json in plain Python: no Spark, no JVM; numpy is used when installed.

    >>> import descent
    >>> m = descent.load_model("models/wine")        # a directory holding model.json, or the file
    >>> m.predict([[13.2, 1.78, ...]])                # one prediction per row
    >>> m.predict_proba(rows)                         # logistic and softmax

Predictions follow the JVM's LinearModel: margins m_k = w_k . x + b_k; squared loss predicts
m; logistic the class 1 when m > 0 (probability 1 / (1 + e^-m)); softmax the class of the
largest margin (probabilities by a shifted log-sum-exp); hinge the class 1 when m > 0.
"""

import json
import math
import os

try:  # numpy is optional: used for speed when present, never required
    import numpy as _np
except ImportError:  # pragma: no cover - exercised by the tests with numpy hidden
    _np = None

FORMAT = "descent-linear-model"
FORMAT_VERSION = 1
FILE_NAME = "model.json"
LOSSES = ("squared", "logistic", "softmax", "hinge")


class ModelFormatError(ValueError):
    """A file that is not a complete Descent model of a version this package reads."""


class LinearModel:
    """A trained Descent model: per-output weights and intercepts on the original feature scale.

    Attributes: loss, numFeatures, numClasses (0 for regression), weights (list of per-output
    lists), intercepts (list), fitIntercept, settings (dict of the training settings), and
    featureNames (list, or None when the file names no columns).
    """

    def __init__(self, loss, numFeatures, numClasses, weights, intercepts, fitIntercept=True,
                 settings=None, featureNames=None):
        if loss not in LOSSES:
            raise ValueError("unknown loss %r; this package knows %s" % (loss, ", ".join(LOSSES)))
        outputs = numClasses if loss == "softmax" else 1
        if len(weights) != outputs or len(intercepts) != outputs:
            raise ValueError("%s with %d classes needs %d weight vectors and intercepts, got %d"
                             " and %d" % (loss, numClasses, outputs, len(weights),
                                          len(intercepts)))
        for w in weights:
            if len(w) != numFeatures:
                raise ValueError("weight vector of length %d for numFeatures=%d"
                                 % (len(w), numFeatures))
        self.loss = loss
        self.numFeatures = numFeatures
        self.numClasses = numClasses
        self.weights = [[float(v) for v in w] for w in weights]
        self.intercepts = [float(b) for b in intercepts]
        self.fitIntercept = fitIntercept
        self.settings = dict(settings or {})
        self.featureNames = list(featureNames) if featureNames is not None else None

    @property
    def outputs(self):
        return len(self.weights)

    @property
    def coefficients(self):
        """The weights: a list for one output, a list of per-class lists for softmax."""
        return self.weights[0] if self.outputs == 1 else self.weights

    @property
    def intercept(self):
        """The intercept: a number for one output, a list of per-class numbers for softmax."""
        return self.intercepts[0] if self.outputs == 1 else self.intercepts

    def margins(self, rows):
        """The K margins of each row (rows: sequences of numFeatures numbers, or a dict of
        index -> value for sparse rows, or a numpy array)."""
        if _np is not None and not _has_dicts(rows):
            x = _np.asarray(rows, dtype=float)
            if x.ndim != 2 or x.shape[1] != self.numFeatures:
                raise ValueError("expected rows of %d features, got shape %s"
                                 % (self.numFeatures, x.shape))
            return (x @ _np.asarray(self.weights).T + _np.asarray(self.intercepts)).tolist()
        return [self._row_margins(r) for r in rows]

    def _row_margins(self, row):
        if isinstance(row, dict):
            items = row.items()
            for j, _ in items:
                if not 0 <= j < self.numFeatures:
                    raise ValueError("feature index %d outside 0..%d" % (j, self.numFeatures - 1))
        else:
            if len(row) != self.numFeatures:
                raise ValueError("expected %d features, got %d" % (self.numFeatures, len(row)))
            items = enumerate(row)
        items = list(items)
        out = []
        for w, b in zip(self.weights, self.intercepts):
            s = b
            for j, v in items:
                s += w[j] * v
            out.append(s)
        return out

    def predict(self, rows):
        """One prediction per row: the value (squared) or the class index 0..K-1."""
        return [self._predict(m) for m in self.margins(rows)]

    def _predict(self, m):
        if self.loss == "squared":
            return m[0]
        if self.loss == "softmax":
            return float(max(range(len(m)), key=lambda k: (m[k], -k)))
        return 1.0 if m[0] > 0 else 0.0

    def predict_proba(self, rows):
        """Class probabilities per row (logistic: [p0, p1]; softmax: K numbers)."""
        if self.loss not in ("logistic", "softmax"):
            raise ValueError("loss=%s has no probabilities" % self.loss)
        return [self._probabilities(m) for m in self.margins(rows)]

    def _probabilities(self, m):
        if self.loss == "logistic":
            x = m[0]
            e = math.exp(-abs(x))
            return [e / (1 + e), 1 / (1 + e)] if x >= 0 else [1 / (1 + e), e / (1 + e)]
        top = max(m)
        exps = [math.exp(v - top) for v in m]
        total = sum(exps)
        return [e / total for e in exps]

    def __repr__(self):
        return "LinearModel(%s, %d features, %d outputs)" % (self.loss, self.numFeatures,
                                                              self.outputs)


def _has_dicts(rows):
    return any(isinstance(r, dict) for r in rows) if isinstance(rows, (list, tuple)) else False


def parse_model(text, source="model.json"):
    """A LinearModel from model.json's text; ModelFormatError names source and what is wrong."""
    try:
        root = json.loads(text)
    except ValueError as e:
        raise ModelFormatError("%s is not valid JSON (truncated or corrupt?): %s" % (source, e))
    if not isinstance(root, dict):
        raise ModelFormatError("%s is empty or not a JSON object" % source)
    if root.get("format") != FORMAT:
        raise ModelFormatError('%s is not a Descent model (no "format": "%s")' % (source, FORMAT))
    version = root.get("formatVersion")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ModelFormatError('%s has no integer "formatVersion"; this package reads version %d'
                               % (source, FORMAT_VERSION))
    if version != FORMAT_VERSION:
        raise ModelFormatError("%s has model format version %d; this package reads version %d%s"
                               % (source, version, FORMAT_VERSION,
                                  " (it was written by a newer Descent)"
                                  if version > FORMAT_VERSION else ""))
    w, b = root.get("weights"), root.get("intercept")
    if isinstance(w, list) and w and isinstance(w[0], list):
        if not isinstance(b, list) or len(b) != len(w):
            raise ModelFormatError('%s: "intercept" must be an array of %d numbers'
                                   % (source, len(w)))
        weights = [_numbers(v, "weights[%d]" % k, source) for k, v in enumerate(w)]
        intercepts = [_number(v, "intercept[%d]" % k, source) for k, v in enumerate(b)]
    else:
        weights = [_numbers(w, "weights", source)]
        intercepts = [_number(b, "intercept", source)]
    try:
        return LinearModel(_text(root, "loss", source), _count(root, "numFeatures", source),
                           _count(root, "numClasses", source), weights, intercepts,
                           bool(root.get("fitIntercept", True)),
                           {k: str(v) for k, v in (root.get("settings") or {}).items()},
                           root.get("featureNames"))
    except ValueError as e:
        raise ModelFormatError("%s: %s" % (source, e))


def load_model(path):
    """Reads a Descent model: a directory holding model.json (as train's output= and
    DescentModel.save write it), or the model.json file itself. Local paths only; no Spark."""
    file = os.path.join(path, FILE_NAME) if os.path.isdir(path) else path
    with open(file, encoding="utf-8") as f:
        return parse_model(f.read(), file)


def _text(root, field, source):
    v = root.get(field)
    if not isinstance(v, str):
        raise ModelFormatError('%s: missing "%s"' % (source, field))
    return v


def _count(root, field, source):
    v = root.get(field)
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise ModelFormatError('%s: "%s" must be a non-negative integer' % (source, field))
    return v


def _numbers(v, field, source):
    if not isinstance(v, list):
        raise ModelFormatError('%s: "%s" must be an array of numbers' % (source, field))
    return [_number(x, "%s[%d]" % (field, i), source) for i, x in enumerate(v)]


def _number(v, field, source):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ModelFormatError('%s: "%s" must be a finite number' % (source, field))
    return float(v)
