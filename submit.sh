#!/usr/bin/env bash
# Runs Descent.
#
#   ./submit.sh                                   the default example, in local mode
#   ./submit.sh [spark-submit options] train|predict|evaluate [FILE.properties] [key=value ...]
#   ./submit.sh help                              the settings table
#   ./submit.sh train --help                      what train does, then the same (any command)
#   ./submit.sh [spark-submit options] bench [key=value ...]   the benchmark (docs/performance.md)
#
# With spark-submit on the PATH or under $SPARK_HOME, the job goes through it (any master:
# YARN, Kubernetes, standalone, local). Without it, the job runs from the Maven-built classpath
# through Spark's own SparkSubmit class, which still understands --master (local[N], spark://...),
# --conf and the other options that make sense for a client-mode driver; --driver-memory and
# --driver-java-options become the driver JVM's own flags. The project is built first if needed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
unset DESCENT_STDERR_FD # set below, for the local JVM only
jar="${DESCENT_JAR:-$here/target/descent.jar}" # e.g. target/spark35/descent.jar for Spark 3.5
classpath_file="$here/target/classpath.txt"
main_class="dev.descent.cli.Main"

# JVM flags Spark 4 needs on Java 17+ (org.apache.spark.launcher.JavaModuleOptions); the same
# list is in pom.xml for the tests.
module_flags=(
  -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true --sun-misc-unsafe-memory-access=allow
  --enable-native-access=ALL-UNNAMED
)

if [[ $# -eq 0 ]]; then
  # The default example reads data/ relative to the project.
  cd "$here"
  set -- train conf/default.properties
fi

# Split: spark-submit options first, then the command and its settings.
spark_opts=()
ship=()
driver_memory=""
driver_java_opts=""
master=""
user_jars=""
while [[ $# -gt 0 && "$1" == -* ]]; do
  case "$1" in
    --verbose|-v|--supervise)
      spark_opts+=("$1"); shift ;;
    --help|-h)
      set -- help; break ;;
    *)
      if [[ $# -lt 2 ]]; then
        echo "error: spark-submit option $1 needs a value" >&2
        exit 2
      fi
      case "$1" in
        --driver-memory) driver_memory="$2" ;;
        --driver-java-options) driver_java_opts="$2" ;;
        --master) master="$2" ;;
        --jars) user_jars="$2" ;;
      esac
      spark_opts+=("$1" "$2"); shift 2 ;;
  esac
done
if [[ $# -eq 0 ]]; then
  echo "error: no command given after the spark-submit options (train, predict, evaluate, bench or help)" >&2
  exit 2
fi

# The benchmark is not in descent.jar: it runs from descent-bench.jar, built beside it (pom.xml),
# with descent.jar on its class path.
bench_jar=""
if [[ "$1" == bench ]]; then
  main_class="dev.descent.bench.BenchMain"
  bench_jar="$(dirname "$jar")/descent-bench.jar"
fi

build_if_needed() {
  local stale=""
  if [[ ! -f "$jar" || ! -f "$classpath_file" || ( -n "$bench_jar" && ! -f "$bench_jar" ) ]]; then
    stale="yes"
  elif [[ -n "$(find "$here/pom.xml" "$here/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    stale="yes"
  elif [[ -n "$bench_jar" && -n "$(find "$here/src/bench" -newer "$bench_jar" -print -quit 2>/dev/null)" ]]; then
    stale="yes"
  fi
  if [[ -n "$stale" ]]; then
    if ! command -v mvn >/dev/null 2>&1; then
      echo "error: target/descent.jar is missing or stale and Maven (mvn) is not on the PATH to build it" >&2
      exit 1
    fi
    echo "Building Descent (mvn package -DskipTests)..." >&2
    (cd "$here" && mvn -q -B -DskipTests package) >&2 || {
      echo "error: the build failed; run 'mvn -DskipTests package' to see why" >&2
      exit 1
    }
  fi
}

if [[ -n "${DESCENT_CLASSPATH:-}" ]]; then
  # Tests (and setups that already have Descent on a classpath): no build, no jar, local JVM.
  classpath="$DESCENT_CLASSPATH"
  app="spark-internal"
else
  spark_submit=""
  if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
    spark_submit="$SPARK_HOME/bin/spark-submit"
  elif command -v spark-submit >/dev/null 2>&1; then
    spark_submit="$(command -v spark-submit)"
  fi
  build_if_needed
  if [[ -n "$spark_submit" && -n "$bench_jar" ]]; then
    exec "$spark_submit" --class "$main_class" "${spark_opts[@]}" --jars "$jar${user_jars:+,$user_jars}" "$bench_jar" "$@"
  elif [[ -n "$spark_submit" ]]; then
    exec "$spark_submit" --class "$main_class" "${spark_opts[@]}" "$jar" "$@"
  fi
  classpath="${bench_jar:+$bench_jar:}$jar:$(cat "$classpath_file")"
  app="${bench_jar:-$jar}"
  if [[ -n "$bench_jar" ]]; then
    # The benchmark is the application jar: executors of a cluster need descent.jar beside it.
    ship=(--jars "$jar${user_jars:+,$user_jars}")
  fi
fi

# Local JVM driver from the Maven classpath, through Spark's own SparkSubmit class.
# Spark's own log goes to a file (conf/log4j2.properties), created only if something is logged;
# a failed run prints its path, and verbose=true copies it to stderr. The JVM keeps this shell's
# pid ($$, through exec), which names the file.
log_dir="${DESCENT_LOG_DIR:-${TMPDIR:-/tmp}/descent-logs-$(id -u)}"
log_file="$log_dir/spark-$(date +%Y%m%d-%H%M%S)-$$.log"
jvm_opts=("${module_flags[@]}" "-Dlog4j2.configurationFile=$here/conf/log4j2.properties"
  "-Ddescent.logFile=$log_file")
if [[ -n "$driver_memory" ]]; then
  jvm_opts+=("-Xmx$driver_memory")
fi
if [[ -n "$driver_java_opts" ]]; then
  read -r -a extra <<<"$driver_java_opts"
  jvm_opts+=("${extra[@]}")
fi
if [[ -z "$master" || "$master" == local* || "$master" == spark://127.0.0.1* \
      || "$master" == spark://localhost* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi
# The JVM itself prints "WARNING: Using incubator modules: jdk.incubator.vector" on stderr for
# the --add-modules above, and no flag turns it off; a filter drops that one line. The JVM stays
# this process (exec: same pid, so signals reach it and its exit code is the script's), and the
# filter ignores SIGINT, SIGTERM and SIGHUP and ends when the JVM's stderr closes. Descent's own
# messages do not go through the filter: the JVM gets the original stderr as fd 3
# (DESCENT_STDERR_FD, see dev.descent.cli.Lifecycle), so their order with stdout is kept and the
# last line is written before the JVM exits; only what the JVM writes to fd 2 itself is filtered.
DESCENT_STDERR_FD=3 exec java "${jvm_opts[@]}" -cp "$classpath" \
  org.apache.spark.deploy.SparkSubmit --class "$main_class" "${spark_opts[@]}" \
  ${ship[@]+"${ship[@]}"} "$app" "$@" \
  3>&2 2> >(trap '' INT TERM HUP; export LC_ALL=C
            exec grep -a -v -x -F --line-buffered \
              'WARNING: Using incubator modules: jdk.incubator.vector' >&2)
