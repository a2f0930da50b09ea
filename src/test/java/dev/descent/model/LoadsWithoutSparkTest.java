package dev.descent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model never needs Spark to load: a fresh JVM with only Descent's classes and Jackson on its
 * class path (no Spark, Scala or Hadoop) reads a model.json and predicts with it.
 */
class LoadsWithoutSparkTest {

  @Test
  void aJvmWithoutSparkLoadsAndUsesAModel(@TempDir Path tmp) throws Exception {
    LinearModel m = new LinearModel("logistic", 3, 2, new double[][] {{0.5, -1.0, 2.0}},
        new double[] {0.25}, true, Map.of("loss", "logistic"));
    Path file = tmp.resolve("model.json");
    Files.writeString(file, ModelJson.toString(m));

    List<String> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      boolean classes = entry.endsWith("classes") || entry.endsWith("classes/");
      boolean jackson = entry.contains("/com/fasterxml/jackson/core/");
      if (classes || jackson) {
        classpath.add(entry);
      }
    }
    assertTrue(classpath.stream().noneMatch(e -> e.contains("spark") || e.contains("scala")));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", String.join(File.pathSeparator, classpath),
        WithoutSparkProbe.class.getName(), file.toString(), "1", "2", "3")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    double margin = 0.25 + 0.5 - 2.0 + 6.0;
    double p1 = 1 / (1 + Math.exp(-margin));
    String[] parts = out.split(" ");
    assertEquals(1.0, Double.parseDouble(parts[0]));
    assertEquals(1 - p1, Double.parseDouble(parts[1]), 1e-15);
    assertEquals(p1, Double.parseDouble(parts[2]), 1e-15);
  }
}
