package dev.descent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.Descent;
import dev.descent.engine.TrainResult;
import dev.descent.testing.Launch;
import dev.descent.testing.Reference;
import dev.descent.testing.SparkTests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executor loss on a real multi-JVM cluster: training through a standalone Master and two
 * Workers, one executor JVM killed with SIGKILL mid-training. Spark starts a replacement and
 * recomputes the lost cached partitions from the input; training must finish with the model of
 * a run without the failure. Expected bitwise (the lost partitions are rebuilt from the same
 * input split, in the same row order, and partial sums merge order-free); the comparison allows
 * 1e-12 relative, the rounding of a different summation order, in case Spark ever rebuilt a
 * partition differently.
 */
class ExecutorLossTest {

  /**
   * Synchronous steps (10 jobs per epoch), and rounds of local steps, one per epoch (each job
   * runs an epoch's local steps, so the kill lands mid-round): a retried task recomputes the
   * same local steps from the broadcast round and its partition. The last case's partitions
   * (20,000 rows) are large enough to be shuffled once as they are cached and read in groups of
   * adjacent rows (BatchPlan): a rebuilt partition is shuffled the same way.
   */
  /** 80,000 rows of 4 features and 3 classes, in LIBSVM format, in {@code dir}. */
  private static String large(Path dir) throws java.io.IOException {
    java.util.Random rnd = new java.util.Random(3);
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < 80_000; r++) {
      double[] x = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
      double a = x[0] + 0.5 * x[1] + 0.3 * rnd.nextGaussian();
      int label = a < -0.5 ? 0 : a < 0.5 ? 1 : 2;
      s.append(label);
      for (int j = 0; j < 4; j++) {
        s.append(' ').append(j + 1).append(':').append((float) x[j]);
      }
      s.append('\n');
    }
    return java.nio.file.Files.writeString(dir.resolve("large.libsvm"), s).toString();
  }

  @ParameterizedTest
  @CsvSource({"step, 30, 15", "epoch, 300, 15", "epoch, 200, 10%"})
  void trainingSurvivesAKilledExecutor(String sync, int epochs, String batch, @TempDir Path tmp)
      throws Exception {
    String input = batch.endsWith("%") ? large(tmp) : Reference.data("iris_std");
    List<String> settings = List.of("input=" + input, "loss=softmax",
        "optimizer=momentum", "batchSize=" + batch, "epochs=" + epochs, "tolerance=0",
        "regParam=0.01", "partitions=4", "syncEvery=" + sync);
    try (StandaloneCluster cluster = new StandaloneCluster(tmp, 2)) {
      List<String> args = new ArrayList<>(List.of("--master", cluster.masterUrl,
          "--conf", "spark.executor.extraClassPath=" + Launch.classpath(),
          "--conf", "spark.executor.memory=512m", "--conf", "spark.locality.wait=0",
          "--conf", "spark.ui.enabled=false", "--driver-memory", "512m",
          "train"));
      args.addAll(settings);
      args.add("output=" + tmp.resolve("model"));
      try (Launch.Child driver = Launch.submit(cluster.env, args.toArray(new String[0]))) {
        driver.awaitLine(l -> l.startsWith("Epoch 5:"), 240);
        ProcessHandle executor = cluster.anExecutor()
            .orElseThrow(() -> new AssertionError("no executor process found: "
                + cluster.describeProcesses()));
        assertTrue(executor.destroyForcibly(), "SIGKILL sent to executor " + executor.pid());
        int exit = driver.await(400);
        assertEquals(0, exit, driver.errText());
        assertTrue(driver.errText().contains("ExecutorLostFailure")
            || driver.errText().contains("Lost executor")
            || driver.errText().contains("lost executor"),
            "the driver saw the executor go:\n" + driver.errText());
      }
    }
    Map<String, String> m = new java.util.LinkedHashMap<>();
    settings.forEach(s -> m.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1)));
    TrainResult reference = Descent.trainer().settings(dev.descent.config.Config.of(m))
        .fit(SparkTests.jsc());
    JsonNode model = new ObjectMapper().readTree(tmp.resolve("model/model.json").toFile());
    for (int k = 0; k < 3; k++) {
      double[] w = reference.model().weights(k);
      for (int j = 0; j < w.length; j++) {
        double got = model.path("weights").get(k).get(j).asDouble();
        assertEquals(w[j], got, 1e-12 * Math.max(1, Math.abs(w[j])), "class " + k + " weight " + j);
      }
      assertEquals(reference.model().intercept(k), model.path("intercept").get(k).asDouble(),
          1e-12 * Math.max(1, Math.abs(reference.model().intercept(k))));
    }
  }
}
