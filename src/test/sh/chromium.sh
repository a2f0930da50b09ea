#!/bin/sh
# Maven's step before the Java tests (pom.xml, process-test-classes): makes sure Debian's
# chromium is there for ReportBrowserTest, which renders report.html in a headless browser.
# When it is missing, installs it with apt-get as root, or with sudo for a member of the sudo,
# wheel or admin group who needs no password (sudo -n); otherwise says why, and the test is
# skipped. Never fails the build. A failed install is not retried until target/ is cleaned.
# -Dchromium.skip=true skips this step.
#   chromium.sh TEST SKIP_TESTS MAVEN_TEST_SKIP BUILD_DIR
# Maven passes an undefined property as its literal ${name}.
test="$1"; skip_tests="$2"; maven_test_skip="$3"; build_dir="$4"
if [ "$skip_tests" = true ] || [ "$maven_test_skip" = true ]; then
  exit 0
fi
case "$test" in
  '${test}'|''|*Report*|*report*|*Browser*|*'!'*) ;;
  *) exit 0 ;;
esac
for b in /usr/bin/chromium /usr/bin/chromium-browser; do # where Chromium.find (src/test) looks
  [ -x "$b" ] && exit 0
done
command -v chromium >/dev/null 2>&1 && exit 0
skipped="ReportBrowserTest (report.html in a headless browser) is skipped"
failed="$build_dir/chromium-install-failed.log"
if [ -f "$failed" ]; then
  echo "note: no chromium (its install failed before: $failed): $skipped"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: no chromium and no apt-get to install it: $skipped"
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && id -nG | grep -qw -e sudo -e wheel -e admin \
    && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  echo "note: no chromium, and installing it (apt-get install chromium) needs root: $skipped"
  exit 0
fi
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout 900"
echo "Installing Debian's chromium for ReportBrowserTest (apt-get install chromium;" \
  "-Dchromium.skip=true skips this)"
mkdir -p "$build_dir"
log="$build_dir/chromium-install.log"
if ! { $as_root $limit apt-get update -qq && \
    $as_root $limit env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    >"$log" 2>&1; then
  mv "$log" "$failed"
  echo "note: could not install chromium ($failed; last lines below): $skipped"
  tail -n 3 "$failed"
fi
exit 0
