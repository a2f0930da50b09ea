#!/usr/bin/env python3
"""Runs the Python tests; Maven calls it in the test phase, after the Java tests (pom.xml).

Makes two virtual environments under target/python (classic PySpark, and the pure-Python Spark
Connect client: both provide the module pyspark, so they cannot share one), installs the pinned
packages and this package (pip install ./python) into each, then runs pytest: tests/classic in
the first (classic PySpark, model.json without Spark, spark-submit) and tests/connect in the
second (against a Spark Connect server the tests start on loopback). Exits non-zero when a test
fails, so the build fails.

    python3 python/run_tests.py --jar target/descent.jar --classpath-file target/test-classpath.txt

needs the jar and the classpath file that 'mvn test' (or 'mvn -DskipTests package') builds.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import time
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

REQUIREMENTS = {
    "classic": ["pyspark==4.2.0", "numpy==2.4.6", "pytest==9.2.0", "setuptools>=61", "wheel"],
    "connect": ["pyspark-client==4.2.0", "pandas>=2.2,<3", "numpy==2.4.6", "pytest==9.2.0",
                "setuptools>=61", "wheel"],
}


def unset(value):
    """Maven passes an undefined property as its literal ${name}."""
    return value is None or value == "" or value.startswith("${")


def run(cmd, **kw):
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, **kw)


def environment(kind):
    """target/python/<kind>: a venv with the pinned packages (reused while the list is the same)
    and this package, freshly installed."""
    home = os.path.join(ROOT, "target", "python", kind)
    python = os.path.join(home, "bin", "python")
    wanted = "\n".join(REQUIREMENTS[kind])
    marker = os.path.join(home, "requirements.txt")
    have = open(marker).read() if os.path.exists(marker) else None
    if have != wanted or not os.path.exists(python):
        print("Python tests: creating %s" % home, flush=True)
        try:
            venv.EnvBuilder(clear=True, with_pip=True).create(home)
        except Exception as e:  # e.g. Debian's python3 without its venv package
            sys.exit("Python tests: cannot create a virtual environment in %s (%s); on Debian "
                     "install python3-venv" % (home, e))
        if run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
               + REQUIREMENTS[kind]).returncode != 0:
            sys.exit("Python tests: pip could not install %s" % ", ".join(REQUIREMENTS[kind]))
        with open(marker, "w") as f:
            f.write(wanted)
    if run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
            "--no-build-isolation", "--force-reinstall", HERE]).returncode != 0:
        sys.exit("Python tests: 'pip install ./python' failed")
    return python


def pytest(python, tests, env):
    started = time.time()
    code = run([python, "-m", "pytest", "-q", "-rs", "--durations=5", "-p", "no:cacheprovider",
                os.path.join(HERE, "tests", tests)], cwd=ROOT, env=env).returncode
    print("Python tests (%s): pytest exit code %d in %.0f s" % (tests, code, time.time() - started),
          flush=True)
    return code


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--jar", default=os.path.join(ROOT, "target", "descent.jar"))
    p.add_argument("--classpath-file",
                   default=os.path.join(ROOT, "target", "test-classpath.txt"))
    p.add_argument("--module-flags", default="", help="the JVM flags Spark 4 needs on Java 17")
    p.add_argument("--only", choices=["classic", "connect"], help="run one of the two suites")
    a = p.parse_args()
    for f in (a.jar, a.classpath_file):
        if not os.path.exists(f):
            sys.exit("Python tests: %s is missing; run 'mvn -DskipTests package' first" % f)
    env = dict(os.environ)
    env.update({
        "DESCENT_JAR": os.path.abspath(a.jar),
        "DESCENT_CLASSPATH_FILE": os.path.abspath(a.classpath_file),
        "DESCENT_MODULE_FLAGS": "" if unset(a.module_flags) else a.module_flags,
        "DESCENT_ROOT": ROOT,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    env.pop("SPARK_HOME", None)
    env.pop("SPARK_REMOTE", None)
    failed = 0
    for kind in ("classic", "connect"):
        if a.only and a.only != kind:
            continue
        python = environment(kind)
        run_env = dict(env, PYSPARK_PYTHON=python, PYSPARK_DRIVER_PYTHON=python)
        failed |= pytest(python, kind, run_env) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
