#!/bin/sh
# Maven's step before the Java tests (pom.xml, process-test-classes): makes sure Debian's
# chromium is there for ReportBrowserTest, which renders report.html in a headless browser.
# Installs it with apt-get when it is missing and this user may (root, or sudo without a
# password); otherwise says so, and the test is skipped. Never fails the build.
#   chromium.sh TEST SKIP_TESTS MAVEN_TEST_SKIP
# Maven passes an undefined property as its literal ${name}.
test="$1"; skip_tests="$2"; maven_test_skip="$3"
if [ "$skip_tests" = true ] || [ "$maven_test_skip" = true ]; then
  exit 0
fi
case "$test" in
  '${test}'|''|*ReportBrowserTest*) ;;
  *) exit 0 ;;
esac
for b in /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -x "$b" ] && exit 0
done
command -v chromium >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: no chromium and no apt-get: ReportBrowserTest (report.html in a browser) is skipped"
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  echo "note: no chromium, and installing it needs root (apt-get install chromium):" \
    "ReportBrowserTest (report.html in a browser) is skipped"
  exit 0
fi
echo "Installing Debian's chromium for ReportBrowserTest (once; apt-get install chromium)"
if ! { $as_root apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium; } >/dev/null 2>&1; then
  echo "note: could not install chromium: ReportBrowserTest (report.html in a browser) is skipped"
fi
exit 0
