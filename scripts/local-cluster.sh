#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the Maven-built classpath (no Spark
# distribution needed): one Master and two Workers, bound to loopback.
#
#   scripts/local-cluster.sh start      # master at spark://127.0.0.1:7077, UI at http://127.0.0.1:8080
#   ./submit.sh --master spark://127.0.0.1:7077 train conf/wine-logistic.properties
#   scripts/local-cluster.sh status
#   scripts/local-cluster.sh stop
#
# Settings (environment): WORKERS (2), WORKER_CORES (1), WORKER_MEMORY (1g), MASTER_PORT (7077),
# MASTER_UI_PORT (8080), LOCAL_CLUSTER_DIR (target/local-cluster: state, logs, work directories).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${LOCAL_CLUSTER_DIR:-$here/target/local-cluster}"
workers="${WORKERS:-2}"
cores="${WORKER_CORES:-1}"
memory="${WORKER_MEMORY:-1g}"
port="${MASTER_PORT:-7077}"
ui_port="${MASTER_UI_PORT:-8080}"
master_url="spark://127.0.0.1:$port"

# The JVM flags Spark needs on Java 17, as in submit.sh.
flags="$(sed -n '/^module_flags=(/,/^)/p' "$here/submit.sh" | sed '1d;$d' | tr '\n' ' ')"

running() {
  local pid_file="$1"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

start() {
  if running "$state/master.pid"; then
    echo "already running: $master_url (scripts/local-cluster.sh stop first)" >&2
    exit 1
  fi
  local cp
  if [[ -n "${DESCENT_CLASSPATH:-}" ]]; then
    cp="$DESCENT_CLASSPATH" # tests: the classpath under test, as in submit.sh
  else
    if [[ ! -f "$here/target/descent.jar" || ! -f "$here/target/classpath.txt" ]]; then
      echo "Building Descent (mvn package -DskipTests)..." >&2
      (cd "$here" && mvn -q -B -DskipTests package) >&2
    fi
    cp="$(cat "$here/target/classpath.txt")"
  fi
  rm -rf "$state"
  mkdir -p "$state/spark-home/jars" "$state/logs"
  # Workers build executor command lines from SPARK_HOME/jars.
  tr ':' '\n' <<<"$cp" | while read -r jar || [[ -n "$jar" ]]; do
    if [[ "$jar" == *.jar ]]; then
      ln -sf "$jar" "$state/spark-home/jars/"
    fi
  done
  export SPARK_HOME="$state/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  # shellcheck disable=SC2086
  nohup java $flags -Xmx512m -Dspark.master.rest.enabled=false \
    -Dlog4j2.configurationFile="$here/scripts/log4j2-daemons.properties" \
    -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$ui_port" \
    > "$state/logs/master.log" 2>&1 &
  echo $! > "$state/master.pid"
  wait_for "$state/logs/master.log" "I have been elected leader" master
  for i in $(seq 1 "$workers"); do
    mkdir -p "$state/work-$i"
    # shellcheck disable=SC2086
    nohup java $flags -Xmx512m \
      -Dlog4j2.configurationFile="$here/scripts/log4j2-daemons.properties" \
      -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --work-dir "$state/work-$i" \
      --webui-port 0 "$master_url" > "$state/logs/worker-$i.log" 2>&1 &
    echo $! > "$state/worker-$i.pid"
  done
  for i in $(seq 1 "$workers"); do
    wait_for "$state/logs/worker-$i.log" "Successfully registered with master" "worker $i"
  done
  echo "Spark standalone cluster up: $master_url ($workers workers x $cores core, $memory)"
  echo "  ./submit.sh --master $master_url train conf/wine-logistic.properties"
  echo "  logs: $state/logs; stop with: scripts/local-cluster.sh stop"
}

wait_for() {
  local log="$1" text="$2" what="$3"
  for _ in $(seq 1 120); do
    grep -q "$text" "$log" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "error: $what did not start; see $log" >&2
  stop
  exit 1
}

stop() {
  local any=""
  for pid_file in "$state"/worker-*.pid "$state"/master.pid; do
    [[ -f "$pid_file" ]] || continue
    if running "$pid_file"; then
      pkill -TERM -P "$(cat "$pid_file")" 2>/dev/null || true  # the workers' executors
      kill "$(cat "$pid_file")" 2>/dev/null || true
      any="yes"
    fi
    rm -f "$pid_file"
  done
  [[ -n "$any" ]] && echo "stopped" || echo "not running"
}

status() {
  if running "$state/master.pid"; then
    local up=0
    for pid_file in "$state"/worker-*.pid; do
      running "$pid_file" && up=$((up + 1))
    done
    echo "running: $master_url with $up worker(s)"
  else
    echo "not running"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: scripts/local-cluster.sh start|stop|status" >&2; exit 2 ;;
esac
