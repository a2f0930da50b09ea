package dev.descent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.config.RunPlans;
import dev.descent.data.LabelDomain;
import dev.descent.data.MutableRow;
import dev.descent.data.PackedPartition;
import dev.descent.input.TrainingInput;
import dev.descent.testing.SparkTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order in which training rows are cached: a mini-batch run's large partitions are shuffled
 * once, so the groups of adjacent rows its steps read are not runs of a sorted input.
 */
class BatchLayoutTest {
  private static final int ROWS = 2 * 20_000; // two partitions above BatchPlan.GROUPED_ROWS
  @TempDir static Path dir;
  private static Path sorted;

  /** A CSV file sorted by its first feature (the row number); labels alternate. */
  @BeforeAll
  static void write() throws IOException {
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < ROWS; r++) {
      s.append(r % 2).append(',').append(r).append(',').append(String.format(Locale.ROOT,
          "%.3f", Math.sin(r))).append('\n');
    }
    sorted = Files.writeString(dir.resolve("sorted.csv"), s);
  }

  private static TrainingData read(String... settings) {
    Config c = Config.empty().with("input", sorted.toString()).with("format", "csv")
        .with("loss", "logistic").with("partitions", "2");
    for (int i = 0; i < settings.length; i += 2) {
      c = c.with(settings[i], settings[i + 1]);
    }
    return TrainingData.forTraining(TrainingInput.text(SparkTests.jsc(),
        Inputs.forTraining(c, LabelDomain.BINARY), dev.descent.data.Precision.DOUBLE),
        RunPlans.training(c));
  }

  /** Each partition's first feature (the input's row number), in cached order. */
  private static List<double[]> rowNumbers(TrainingData data) {
    List<double[]> out = new ArrayList<>();
    MutableRow row = new MutableRow();
    for (PackedPartition p : data.rdd().collect()) {
      double[] x = new double[p.rows()];
      for (int b = 0; b < p.numBlocks(); b++) {
        for (int r = 0; r < p.block(b).rows(); r++) {
          p.block(b).copyRow(r, row);
          x[p.blockStart(b) + r] = row.size() > 0 && row.index(0) == 0 ? row.value(0) : 0;
        }
      }
      out.add(x);
    }
    return out;
  }

  /**
   * 10% batches read groups of 32 adjacent cached rows; after the layout's shuffle hardly any
   * two rows next to each other in a step were next to each other in the file. Every row is
   * still there once, and the order is the same at every reading (a retried task or a resumed
   * run sees the same batches).
   */
  @Test
  void miniBatchStepsReadRowsThatWereNotNeighboursInTheFile() {
    List<double[]> cached;
    try (TrainingData data = read("batchSize", "10%")) {
      cached = rowNumbers(data);
    }
    int partition = 0;
    for (double[] x : cached) {
      assertEquals(32, BatchPlan.groupSize(x.length, 10));
      for (long step = 0; step < 10; step++) {
        int[] rows = new BatchPlan(42, 1, step, 10).rows(partition, x.length);
        int neighbours = 0;
        for (int i = 1; i < rows.length; i++) {
          neighbours += Math.abs(x[rows[i]] - x[rows[i - 1]]) == 1 ? 1 : 0;
        }
        assertTrue(neighbours < rows.length / 100, neighbours + " of " + rows.length
            + " rows follow their file neighbour in step " + step);
      }
      partition++;
    }
    double[] all = cached.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
    assertArrayEquals(java.util.stream.IntStream.range(0, ROWS).asDoubleStream().toArray(), all);
    try (TrainingData again = read("batchSize", "10%")) {
      List<double[]> second = rowNumbers(again);
      for (int p = 0; p < cached.size(); p++) {
        assertArrayEquals(cached.get(p), second.get(p), "partition " + p);
      }
    }
  }

  /**
   * A full-batch run keeps the file's order (batchSize=100% too); so does a mini-batch run's
   * small partition.
   */
  @Test
  void fullBatchRunsKeepTheInputOrder() {
    for (String batch : new String[] {"all", "100%"}) {
      try (TrainingData data = read("batchSize", batch)) {
        for (double[] x : rowNumbers(data)) {
          for (int i = 1; i < x.length; i++) {
            assertEquals(x[i - 1] + 1, x[i], "batchSize=" + batch + ", row " + i);
          }
        }
      }
    }
    try (TrainingData data = read("batchSize", "10%", "partitions", "3")) {
      for (double[] x : rowNumbers(data)) { // 13,333 rows: single-row groups
        assertEquals(1, BatchPlan.groupSize(x.length, 10));
        assertEquals(x[0] + x.length - 1, x[x.length - 1]);
      }
    }
  }

  /** With rows held out, the rows kept for training are laid out after the hold-out. */
  @Test
  void rowsKeptFromAHoldOutAreShuffledAndTheHoldOutIsTheFullBatchRunsOne() {
    double[] heldOutFullBatch;
    try (TrainingData data = read("validationFraction", "0.1")) {
      ValidationSplit split = ValidationSplit.of(data, 0.1,
          RunPlans.training(Config.empty().with("loss", "logistic")).steps());
      try (TrainingData v = split.validation(); TrainingData t = split.training()) {
        heldOutFullBatch = rowNumbers(v).stream().flatMapToDouble(Arrays::stream).toArray();
      }
    }
    Config miniBatch = Config.empty().with("loss", "logistic").with("batchSize", "10%");
    try (TrainingData data = read("validationFraction", "0.1", "batchSize", "10%")) {
      ValidationSplit split = ValidationSplit.of(data, 0.1,
          RunPlans.training(miniBatch).steps());
      try (TrainingData v = split.validation(); TrainingData t = split.training()) {
        assertArrayEquals(heldOutFullBatch,
            rowNumbers(v).stream().flatMapToDouble(Arrays::stream).toArray());
        double[] kept = rowNumbers(t).get(0);
        int inOrder = 0;
        for (int i = 1; i < kept.length; i++) {
          inOrder += kept[i] > kept[i - 1] ? 1 : 0;
        }
        assertTrue(Math.abs(inOrder - kept.length / 2.0) < kept.length * 0.02, inOrder
            + " of " + kept.length + " kept rows follow a smaller row number");
      }
    }
  }
}
