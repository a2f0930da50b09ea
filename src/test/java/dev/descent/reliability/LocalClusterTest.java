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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * local-cluster[2,1,1024]: two executor JVMs, so everything the job ships (closures, broadcasts,
 * aggregators, batch plans, packed partitions, scoring functions) really crosses a process
 * boundary through Spark's serializers. Train (standardized mini-batch softmax with
 * learningRate=auto: moments, power iteration and steps), predict and evaluate run in one
 * application, and the model must equal the in-JVM local[2] result.
 */
class LocalClusterTest {

  @Test
  void trainPredictEvaluateAcrossExecutorJvms(@TempDir Path tmp) throws Exception {
    List<String> train = List.of("train", "input=" + Reference.data("iris_std"), "loss=softmax",
        "optimizer=adam", "batchSize=20", "epochs=15", "tolerance=0", "regParam=0.01",
        "partitions=4", "output=" + tmp.resolve("model"));
    List<String> args = new ArrayList<>(List.of("local-cluster[2,1,1024]"));
    args.addAll(train);
    args.addAll(List.of("--", "predict", "model=" + tmp.resolve("model"),
        "input=" + Reference.data("iris_std"), "partitions=3",
        "output=" + tmp.resolve("predictions")));
    args.addAll(List.of("--", "evaluate", "model=" + tmp.resolve("model"),
        "input=" + Reference.data("iris_std"), "output=" + tmp.resolve("evaluation")));
    Map<String, String> env = Launch.clusterEnv(tmp);
    int exit;
    String err;
    try (Launch.Child app = Launch.java(env, List.of("-Xmx512m",
        "-Dspark.executor.extraClassPath=" + Launch.classpath(), "-Dspark.ui.enabled=false"),
        ClusterSmokeMain.class.getName(), args.toArray(new String[0]))) {
      exit = app.await(400);
      err = app.errText();
    }
    assertEquals(0, exit, err);

    Map<String, String> m = new java.util.LinkedHashMap<>();
    train.stream().skip(1).filter(s -> !s.startsWith("output="))
        .forEach(s -> m.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1)));
    TrainResult local = Descent.trainer().settings(dev.descent.config.Config.of(m))
        .fit(SparkTests.jsc());
    JsonNode model = new ObjectMapper().readTree(tmp.resolve("model/model.json").toFile());
    for (int k = 0; k < 3; k++) {
      double[] w = local.model().weights(k);
      for (int j = 0; j < w.length; j++) {
        assertEquals(w[j], model.path("weights").get(k).get(j).asDouble(), 0.0,
            "class " + k + " weight " + j + " (bitwise across JVMs)");
      }
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> parts = Files.list(tmp.resolve("predictions"))) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
          .sorted().toList()) {
        lines.addAll(Files.readAllLines(p));
      }
    }
    assertEquals("prediction,probability_0,probability_1,probability_2", lines.get(0));
    assertEquals(150 + 1, lines.size(), "one line per row, plus the header");
    JsonNode evaluation = new ObjectMapper()
        .readTree(tmp.resolve("evaluation/evaluation.json").toFile());
    assertTrue(evaluation.path("metrics").path("accuracy").asDouble() > 0.9, evaluation.toString());
    assertTrue(Files.exists(tmp.resolve("model/_SUCCESS")));
  }
}
