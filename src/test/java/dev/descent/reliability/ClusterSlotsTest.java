package dev.descent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.testing.Launch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default partitioning counts the task slots of executors that register after the
 * application starts, as a standalone cluster's do: on local-cluster[3,1,512] (three one-core
 * executor JVMs, started after the driver), training caches its data in 3 partitions, where the
 * default parallelism asked at once says 2.
 */
class ClusterSlotsTest {

  @Test
  void theDefaultPartitionsCountExecutorsThatRegisterAfterTheStart(@TempDir Path tmp)
      throws Exception {
    Map<String, String> env = Launch.clusterEnv(tmp);
    int exit;
    String err;
    try (Launch.Child app = Launch.java(env, List.of("-Xmx512m",
        "-Dspark.executor.extraClassPath=" + Launch.classpath(), "-Dspark.executor.memory=512m",
        "-Dspark.ui.enabled=false"),
        ClusterSmokeMain.class.getName(), "local-cluster[3,1,512]", "train",
        "input=data/wine_binary.libsvm", "loss=logistic", "epochs=1",
        "output=" + tmp.resolve("model"))) {
      exit = app.await(300);
      err = app.errText();
    }
    assertEquals(0, exit, err);
    assertEquals(3, new ObjectMapper().readTree(tmp.resolve("model/metrics.json").toFile())
        .path("partitions").asInt(), err);
  }
}
