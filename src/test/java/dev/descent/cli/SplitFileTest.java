package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.testing.Launch;
import dev.descent.testing.TestFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file in many splits, as a user's large file is (here with 16 KB blocks instead of 32 MB,
 * set through Spark's Hadoop configuration), trained through submit.sh on local[2]: the cached
 * data has one partition per task slot, and malformed lines skipped in later splits are reported
 * with their true line numbers, in order.
 */
class SplitFileTest {
  @TempDir
  Path tmp;

  @Test
  void aFileOfManySplitsIsCachedInOnePartitionPerSlotAndSkippedLinesKeepTheirNumbers()
      throws Exception {
    int[] bad = {1000, 3100, 5900};
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 6000; i++) {
      boolean isBad = i == bad[0] || i == bad[1] || i == bad[2];
      lines.add(isBad ? "1 1:0.5 2:zz 3:1" : String.format(Locale.ROOT,
          "%d 1:%.6f 2:%.6f 3:%.6f", i % 2, (i % 17) / 17.0, (i % 5) / 5.0, (i % 3) / 3.0));
    }
    Path input = TestFiles.write(tmp, "many-splits.libsvm", lines.toArray(String[]::new));
    Path output = tmp.resolve("model");
    try (Launch.Child run = Launch.submit(Map.of("DESCENT_LOG_DIR", tmp.resolve("logs")
        .toString()), "--conf", "spark.hadoop.fs.local.block.size=16384", "train",
        "input=" + input, "loss=logistic", "epochs=2", "onBadRecord=skip",
        "output=" + output)) {
      assertEquals(0, run.await(180), run.errText());
      assertTrue(run.err.contains("Training logistic on 5997 rows x 3 features (2 partitions)"
          + " with sgd"), run.errText());
    }
    JsonNode metrics = Cli.readJson(output.resolve("metrics.json"));
    assertEquals(2, metrics.path("partitions").asInt());
    JsonNode examples = metrics.path("skippedExamples");
    assertEquals(bad.length, examples.size(), examples.toString());
    for (int i = 0; i < bad.length; i++) {
      assertEquals(input + ":" + bad[i], examples.get(i).path("location").asText());
    }
  }
}
