#!/bin/sh
# Maven's entry to the Python tests (pom.xml, test phase): decides whether they run, without
# needing Python when they do not (mvn -DskipTests package must work with Java and Maven alone),
# then hands over to run_tests.py.
#   run_tests.sh TEST SKIP_TESTS MAVEN_TEST_SKIP [run_tests.py arguments]
# Maven passes an undefined property as its literal ${name}.
test="$1"; skip_tests="$2"; maven_test_skip="$3"; shift 3
if [ "$skip_tests" = true ] || [ "$maven_test_skip" = true ]; then
  exit 0
fi
case "$test" in
  '${test}'|''|python) ;;
  *) echo "Python tests skipped: -Dtest=$test runs the Java tests named" \
       "(-Dtest=python -Dsurefire.failIfNoSpecifiedTests=false runs the Python tests alone)"
     exit 0 ;;
esac
if ! command -v python3 >/dev/null 2>&1; then
  echo "error: the Python tests need python3 on the PATH (-Dpython.skip=true skips them)" >&2
  exit 1
fi
exec python3 "$(dirname "$0")/run_tests.py" "$@"
