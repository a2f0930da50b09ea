"""The params of DescentEstimator and DescentModel, read from params.json.

params.json is generated from the Java settings declarations (dev.descent.ml.PythonParams) and
a Java test keeps it equal to them, so names, docs, defaults and allowed values are the command
line's. Validation is derived from each setting's "allowed values" text (the same words the CLI
help prints); a Python test checks it against the JVM's own parsers value by value.
"""

import json
import math
import pkgutil
import re

# pkgutil reads package data from a directory and from a zip alike (the package also travels
# inside the Descent jar, which Python imports as a zip).
SPECS = json.loads(pkgutil.get_data(__package__, "params.json").decode("utf-8"))["params"]

#: Settings about files and their columns: not params (a pipeline stage gets its rows from the
#: DataFrame and its columns from labelCol, featuresCol and weightCol).
FILE_SETTINGS = (
    "input", "format", "labelColumn", "weightColumn", "featuresColumn", "featureColumns",
    "header", "delimiter", "partitions", "output", "outputFormat", "keepColumns", "overwrite",
    "model",
)

_INT_RANGE = (-(2 ** 31), 2 ** 31 - 1)
_LONG_RANGE = (-(2 ** 63), 2 ** 63 - 1)
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_HEX = re.compile(r"[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+")
_INTEGER = re.compile(r"[+-]?\d+")


def java_number(text):
    """The finite double Java's Double.parseDouble gives for text (as Descent accepts it), or
    None."""
    if _DECIMAL.fullmatch(text):
        v = float(text)
    elif _HEX.fullmatch(text):
        v = float.fromhex(text)
    else:
        return None
    return v if math.isfinite(v) else None


def java_integer(text, bounds=_INT_RANGE):
    """The integer Java's Integer.parseInt (or Long.parseLong) gives for text, or None."""
    if not _INTEGER.fullmatch(text):
        return None
    v = int(text)
    return v if bounds[0] <= v <= bounds[1] else None


def _split(allowed):
    """Splits 'a, b, or c' into its alternatives, keeping bracketed ranges whole."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(allowed):
        c = allowed[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if depth == 0 and (allowed.startswith(", or ", i) or allowed.startswith(" or ", i)
                           or allowed.startswith(", ", i)):
            parts.append(cur)
            cur = ""
            i += 5 if allowed.startswith(", or ", i) else 4 if allowed.startswith(" or ", i) else 2
            continue
        cur += c
        i += 1
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


_RANGE = re.compile(r"in ([\[(])\s*(\S+),\s*(\S+)\s*([\])])")
_COMPARE = re.compile(r"(>=|>|<=|<)\s*(\S+)")


def _constraint(rest):
    """A predicate on a number for '>= 0', '> 0', 'in [0, 1)' and the like ('' for none)."""
    rest = rest.strip()
    if not rest:
        return lambda v: True
    m = _RANGE.fullmatch(rest)
    if m:
        lo_open, lo, hi, hi_open = m.group(1) == "(", float(m.group(2)), float(m.group(3)), \
            m.group(4) == ")"
        return lambda v: (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    m = _COMPARE.fullmatch(rest)
    if m:
        op, x = m.group(1), float(m.group(2))
        return {">=": lambda v: v >= x, ">": lambda v: v > x, "<=": lambda v: v <= x,
                "<": lambda v: v < x}[op]
    return None


def _alternative(phrase, bounds=_INT_RANGE):
    """A predicate on trimmed text for one alternative of an allowed-values text, or None
    (bounds: of the integers, Java's int or long)."""
    if phrase.startswith("a number"):
        ok = _constraint(phrase[len("a number"):])
        return None if ok is None else (lambda t: (lambda v: v is not None and ok(v))(
            java_number(t)))
    if phrase == "a positive integer":
        return lambda t: (lambda v: v is not None and v >= 1)(java_integer(t, bounds))
    if phrase.startswith("an integer"):
        ok = _constraint(phrase[len("an integer"):])
        return None if ok is None else (lambda t: (lambda v: v is not None and ok(v))(
            java_integer(t, bounds)))
    if phrase.startswith("a percentage"):
        ok = _constraint(phrase[len("a percentage"):])

        def percentage(t):
            if not t.endswith("%"):
                return False
            v = java_number(t[:-1].strip())
            return v is not None and ok(v)
        return None if ok is None else percentage
    if phrase == "a path":
        return lambda t: t != ""
    if re.fullmatch(r"[A-Za-z][\w.-]*", phrase):
        return lambda t: t == phrase
    return None


def _checkpoint_every(text):
    """'N', 'N epochs' or 'N steps' (singular too), N >= 1, as CheckpointInterval parses."""
    t = text.lower()
    for unit in ("epochs", "epoch", "steps", "step"):
        if t.endswith(unit):
            t = t[: -len(unit)].strip()
            break
    v = java_integer(t, _LONG_RANGE)
    return v is not None and v >= 1


def _sync_every(text):
    """'step', 'epoch' or 'N steps' (singular too), N >= 1, as Settings.syncEvery parses."""
    t = text.strip().lower()
    if t in ("step", "epoch"):
        return True
    for unit in ("steps", "step"):
        if t.endswith(unit):
            v = java_integer(t[: -len(unit)].strip(), _LONG_RANGE)
            return v is not None and v >= 1
    return False


_SPECIAL = {"N, N epochs or N steps (N >= 1)": _checkpoint_every,
            "step, N steps (N >= 1), or epoch": _sync_every}


def text_validator(allowed, long=False):
    """(predicate on a setting's text, whether the allowed text was understood); long: its
    integers are Java longs."""
    if allowed in _SPECIAL:
        return _SPECIAL[allowed], True
    if allowed == "true, false":
        return (lambda t: t.lower() in ("true", "false")), True
    bounds = _LONG_RANGE if long else _INT_RANGE
    alternatives = [_alternative(p, bounds) for p in _split(allowed)]
    if any(a is None for a in alternatives):
        return (lambda t: t != ""), False
    return (lambda t: any(a(t) for a in alternatives)), True


class Spec:
    """One param: name, doc, type (double, int, long, boolean, string), default, allowed."""

    def __init__(self, d):
        self.name = d["name"]
        self.doc = d["doc"]
        self.type = d["type"]
        self.default = d["default"]
        self.setting = d["setting"]
        self.allowed = d.get("allowed")
        self.check, self.understood = (text_validator(self.allowed, self.type == "long")
                                       if self.allowed
                                       else ((lambda t: True), True))

    def bad(self, shown, why=""):
        return ValueError("bad value for %s: %r%s; allowed: %s"
                          % (self.name, shown, " (%s)" % why if why else "", self.allowed))

    def convert(self, value):
        """The value as the param holds it, or TypeError/ValueError naming the param."""
        kind = self.type
        if kind == "boolean":
            if not isinstance(value, bool):
                raise TypeError("%s takes True or False, not %r" % (self.name, value))
            return value
        if isinstance(value, bool) or value is None:
            raise TypeError("%s takes %s, not %r" % (self.name, _TYPE_WORDS[kind], value))
        if kind == "double":
            if not isinstance(value, (int, float)):
                raise TypeError("%s takes a number, not %r" % (self.name, value))
            v = float(value)
            if not math.isfinite(v) or not self.check(repr(v)):
                raise self.bad(value)
            return v
        if kind in ("int", "long"):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if not isinstance(value, int):
                raise TypeError("%s takes an integer, not %r" % (self.name, value))
            bounds = _INT_RANGE if kind == "int" else _LONG_RANGE
            if not bounds[0] <= value <= bounds[1] or not self.check(str(value)):
                raise self.bad(value)
            return value
        # string params: text as on the command line; numbers are written as text
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                raise self.bad(value)
            text = repr(value)
        elif isinstance(value, str):
            text = value.strip() if self.setting else value
        else:
            raise TypeError("%s takes %s, not %r" % (self.name, _TYPE_WORDS[kind], value))
        if not self.check(text):
            raise self.bad(text)
        return text


_TYPE_WORDS = {"double": "a number", "int": "an integer", "long": "an integer",
               "boolean": "True or False", "string": "text"}

PARAMS = [Spec(d) for d in SPECS]
BY_NAME = {s.name: s for s in PARAMS}


def suggest(name):
    """A near-miss hint for an unknown param name ('learningrate' -> learningRate)."""
    lower = {s.name.lower(): s.name for s in PARAMS}
    if name.lower() in lower:
        return " (did you mean %s?)" % lower[name.lower()]
    if name in FILE_SETTINGS:
        return (" (%s is about files; a pipeline stage reads the DataFrame's columns named by"
                " labelCol, featuresCol and weightCol)" % name)
    import difflib
    close = difflib.get_close_matches(name, [s.name for s in PARAMS], n=1)
    return " (did you mean %s?)" % close[0] if close else ""
