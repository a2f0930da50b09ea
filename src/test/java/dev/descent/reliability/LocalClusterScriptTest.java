package dev.descent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.testing.Launch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/local-cluster.sh as the README uses it: start a cluster, train through it with
 * ./submit.sh --master spark://..., check status, stop; on free ports, from the test classpath.
 */
class LocalClusterScriptTest {

  static String script(Map<String, String> env, String command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "scripts/local-cluster.sh", command);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "local-cluster.sh " + command + " hung");
    return p.exitValue() + ":" + out;
  }

  @Test
  void startTrainStop(@TempDir Path tmp) throws Exception {
    int port = Launch.freePort();
    Map<String, String> env = Map.of("DESCENT_CLASSPATH", Launch.classpath(),
        "LOCAL_CLUSTER_DIR", tmp.resolve("cluster").toString(),
        "MASTER_PORT", Integer.toString(port),
        "MASTER_UI_PORT", Integer.toString(Launch.freePort()));
    try {
      String started = script(env, "start");
      assertTrue(started.startsWith("0:") && started.contains("spark://127.0.0.1:" + port),
          started);
      assertTrue(script(env, "status").contains("with 2 worker(s)"));
      try (Launch.Child run = Launch.submit(Map.of(), "--master", "spark://127.0.0.1:" + port,
          "--conf", "spark.executor.extraClassPath=" + Launch.classpath(),
          "--conf", "spark.ui.enabled=false", "train", "conf/wine-logistic.properties",
          "output=" + tmp.resolve("model"))) {
        assertEquals(0, run.await(300), run.errText());
        assertTrue(run.errText().contains("Converged"), run.errText());
      }
    } finally {
      assertTrue(script(env, "stop").contains("stopped"));
    }
    assertTrue(script(env, "status").startsWith("1:not running"));
    assertTrue(List.of(tmp.resolve("model").toFile().list()).contains("_SUCCESS"));
  }
}
