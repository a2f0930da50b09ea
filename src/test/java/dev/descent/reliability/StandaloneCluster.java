package dev.descent.reliability;

import dev.descent.testing.Launch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Spark standalone cluster on loopback: a Master and two Workers (one core each) as separate
 * JVMs from the test classpath, with a SPARK_HOME whose jars/ folder links the classpath's jars
 * so that workers can build executor command lines. Closing it kills every process it started.
 */
final class StandaloneCluster implements AutoCloseable {
  final String masterUrl;
  final Map<String, String> env;
  private final Launch.Child master;
  private final List<Launch.Child> workers = new ArrayList<>();

  StandaloneCluster(Path dir, int workerCount) throws IOException, InterruptedException {
    env = Launch.clusterEnv(dir);
    int port = Launch.freePort();
    masterUrl = "spark://127.0.0.1:" + port;
    // The test classpath's log4j2-test.properties silences INFO; the daemons' INFO lines are
    // how this class knows they are up.
    Path logging = Files.writeString(dir.resolve("log4j2-daemons.properties"), String.join("\n",
        "rootLogger.level = info", "rootLogger.appenderRef.stderr.ref = console",
        "appender.console.type = Console", "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR", "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex"));
    List<String> options = List.of("-Xmx256m", "-Dspark.master.rest.enabled=false",
        "-Dlog4j2.configurationFile=" + logging);
    master = Launch.java(env, options, "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port",
        Integer.toString(Launch.freePort()));
    master.awaitLine(l -> l.contains("I have been elected leader"), 90);
    for (int i = 0; i < workerCount; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      workers.add(Launch.java(env, options, "org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--work-dir",
          work.toString(), "--webui-port", Integer.toString(Launch.freePort()), masterUrl));
    }
    for (Launch.Child w : workers) {
      w.awaitLine(l -> l.contains("Successfully registered with master"), 90);
    }
  }

  /**
   * A live executor JVM started by one of this cluster's workers (the only JVMs a worker
   * starts; their command lines, with the whole class path, are too long to search reliably).
   */
  Optional<ProcessHandle> anExecutor() {
    return workers.stream()
        .flatMap(w -> w.process.descendants())
        .filter(p -> p.isAlive() && p.info().command().orElse("").endsWith("/java"))
        .findFirst();
  }

  /** The workers' child processes, for failure messages. */
  String describeProcesses() {
    StringBuilder s = new StringBuilder();
    for (Launch.Child w : workers) {
      s.append("worker ").append(w.process.pid()).append(": ");
      w.process.descendants().forEach(p -> s.append(p.pid()).append(' ')
          .append(p.info().commandLine().orElse(p.info().command().orElse("?"))).append("; "));
      s.append("\n");
    }
    return s.toString();
  }

  @Override
  public void close() {
    workers.forEach(Launch.Child::close);
    master.close();
  }
}
