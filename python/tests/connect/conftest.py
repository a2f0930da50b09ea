"""Spark Connect: a server started here on loopback (Spark 4.2 from Maven Central with
spark-connect and the Descent jar on its classpath), and a pure-Python client session."""

import os
import shlex
import socket
import subprocess
import time

import pytest

ROOT = os.environ.get("DESCENT_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def data(name):
    return os.path.join(ROOT, "data", name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    jar = os.environ["DESCENT_JAR"]
    with open(os.environ["DESCENT_CLASSPATH_FILE"]) as f:
        classpath = jar + os.pathsep + f.read().strip()
    port = free_port()
    work = tmp_path_factory.mktemp("connect-server")
    log_path = work / "server.log"
    props = {"spark.master": "local[2]", "spark.ui.enabled": "false",
             "spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1",
             "spark.connect.grpc.binding.address": "127.0.0.1",
             "spark.connect.grpc.binding.port": str(port),
             "spark.sql.shuffle.partitions": "4", "spark.local.dir": str(work)}
    cmd = (["java"] + shlex.split(os.environ.get("DESCENT_MODULE_FLAGS", "")) + ["-Xmx2g"]
           + ["-D%s=%s" % kv for kv in props.items()]
           + ["-cp", classpath, "org.apache.spark.sql.connect.service.SparkConnectServer"])
    log = open(log_path, "w")
    process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=str(work),
                               env=dict(os.environ, SPARK_LOCAL_IP="127.0.0.1"))
    try:
        deadline = time.time() + 180
        while "Spark Connect server started" not in log_path.read_text():
            if process.poll() is not None or time.time() > deadline:
                raise RuntimeError("the Spark Connect server did not start:\n"
                                   + log_path.read_text()[-5000:])
            time.sleep(0.5)
        yield "sc://127.0.0.1:%d" % port
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def spark(server):
    from pyspark.sql import SparkSession
    session = SparkSession.builder.remote(server).getOrCreate()
    yield session
    session.stop()
