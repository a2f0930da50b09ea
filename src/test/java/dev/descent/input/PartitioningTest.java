package dev.descent.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.config.Config;
import dev.descent.config.Inputs;
import dev.descent.data.LabelDomain;
import dev.descent.data.PackedPartition;
import dev.descent.data.Precision;
import dev.descent.data.SkipReport;
import dev.descent.engine.TrainResult;
import dev.descent.engine.TrainingData;
import dev.descent.testing.Launch;
import dev.descent.testing.SparkTests;
import dev.descent.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cached training data's partitions: part files (one split each) are cached in one partition
 * per task slot (the test session has 4), or in exactly {@code partitions}; each partition holds
 * consecutive files in input order (a comma-separated list's order; a directory's is the file
 * system's listing order), so training from the files equals training on the same rows in memory
 * in the same partitions; skipped lines keep their true file and line, in input order, when one
 * partition reads several files.
 */
class PartitioningTest {
  private static final int FILES = 8;
  private static final int ROWS = 60; // per file

  @TempDir
  static Path tmp;
  private static Path dir;
  /** The files as a comma-separated list, in order. */
  private static String list;
  /** Every file's lines, in order. */
  private static final List<List<String>> LINES = new ArrayList<>();

  @BeforeAll
  static void files() throws Exception {
    dir = Files.createDirectories(tmp.resolve("parts"));
    List<String> names = new ArrayList<>();
    Random r = new Random(7);
    for (int f = 0; f < FILES; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        double a = 2 * r.nextDouble() - 1;
        double b = 2 * r.nextDouble() - 1;
        double c = 2 * r.nextDouble() - 1;
        int label = a + 0.5 * b - c + 0.5 * r.nextGaussian() > 0 ? 1 : 0;
        // Fixed width: every file has the same bytes, so files group two by two.
        lines.add(String.format(Locale.ROOT, "%d 1:%+.6f 2:%+.6f 3:%+.6f", label, a, b, c));
      }
      LINES.add(lines);
      names.add(TestFiles.write(dir, String.format(Locale.ROOT, "part-%05d", f),
          lines.toArray(String[]::new)).toString());
    }
    list = String.join(",", names);
  }

  private static TrainingData read(String input, String... settings) {
    Config c = Config.empty().with("input", input).with("loss", "logistic");
    for (int i = 0; i < settings.length; i += 2) {
      c = c.with(settings[i], settings[i + 1]);
    }
    return TrainingData.of(TrainingInput.text(SparkTests.jsc(),
        Inputs.forTraining(c, LabelDomain.BINARY), Precision.DOUBLE));
  }

  private static double[] labels(TrainingData data) {
    return data.rdd().collect().stream().map(PackedPartition::labels)
        .flatMapToDouble(Arrays::stream).toArray();
  }

  private static double[] fileLabels() {
    return LINES.stream().flatMap(List::stream)
        .mapToDouble(l -> Double.parseDouble(l.substring(0, 1))).toArray();
  }

  /** More partitions than rows: the empty ones are named in a note, with a count that fits. */
  @Test
  void partitionsWithoutRowsAreNoted() throws Exception {
    Path three = Files.write(tmp.resolve("three.svm"), List.of("1 1:0.5", "0 1:-0.5", "1 1:2"));
    try (TrainingData data = read(three.toString(), "partitions", "8")) {
      long empty = Arrays.stream(data.partitionRows()).filter(r -> r == 0).count();
      assertEquals(8, data.numPartitions());
      assertTrue(empty >= 5, Arrays.toString(data.partitionRows()));
      assertEquals(List.of(empty + " of the 8 partitions hold no rows (3 rows in all); each still"
          + " runs a task in every step: set partitions=" + (8 - empty) + " or fewer"),
          data.notes());
    }
    try (TrainingData data = read(three.toString(), "partitions", "1")) {
      assertEquals(List.of(), data.notes(), "no note when every partition has rows");
    }
    Path two = Files.write(tmp.resolve("two.svm"), List.of("1 1:0.5", "0 1:-0.5"));
    try (TrainingData data = read(two.toString(), "partitions", "3")) {
      assertEquals(List.of("1 of the 3 partitions holds no rows (2 rows in all); each still"
          + " runs a task in every step: set partitions=2 or fewer"), data.notes());
    }
  }

  @Test
  void aDirectoryOfPartFilesIsCachedInOnePartitionPerTaskSlotInInputOrder() {
    assertEquals(4, SparkTests.jsc().defaultParallelism());
    long[] pairs = {2 * ROWS, 2 * ROWS, 2 * ROWS, 2 * ROWS};
    try (TrainingData data = read(dir.toString())) {
      assertEquals(4, data.numPartitions());
      assertArrayEquals(pairs, data.partitionRows());
    }
    try (TrainingData data = read(list)) {
      assertArrayEquals(pairs, data.partitionRows());
      assertArrayEquals(fileLabels(), labels(data));
    }
  }

  @Test
  void partitionsGivesExactlyThatMany() {
    for (int n : new int[] {1, 3, 5, 8}) {
      try (TrainingData data = read(list, "partitions", Integer.toString(n))) {
        assertEquals(n, data.numPartitions(), "partitions=" + n);
        assertEquals(FILES * ROWS, data.rows());
        assertArrayEquals(fileLabels(), labels(data), "partitions=" + n);
      }
    }
  }

  @Test
  void aModelTrainedFromFilesEqualsTheSameRowsInMemoryInTheSamePartitions() {
    List<String> settings = List.of("loss", "logistic", "optimizer", "adam", "batchSize", "10%",
        "epochs", "4", "tolerance", "0", "regParam", "0.01", "seed", "3");
    Descent.Builder fromFiles = Descent.trainer().set("input", list);
    Descent.Builder inMemory = Descent.trainer();
    for (int i = 0; i < settings.size(); i += 2) {
      fromFiles.set(settings.get(i), settings.get(i + 1));
      inMemory.set(settings.get(i), settings.get(i + 1));
    }
    TrainResult files = fromFiles.fit(SparkTests.jsc());
    TrainResult memory = inMemory.fit(points(4));
    assertEquals(4, files.data().partitions());
    double[] w = memory.model().weights(0);
    double[] got = files.model().weights(0);
    for (int j = 0; j < w.length; j++) {
      assertEquals(w[j], got[j], 1e-12 * Math.max(1, Math.abs(w[j])), "weight " + j);
    }
    assertEquals(memory.model().intercept(0), files.model().intercept(0),
        1e-12 * Math.max(1, Math.abs(memory.model().intercept(0))));
    assertEquals(memory.history().size(), files.history().size());
  }

  @Test
  void aResumedRunTakesTheCheckpointsPartitionsAndGivesTheUninterruptedRun(@TempDir Path dir)
      throws Exception {
    // 8 one-split files combined into 3 runs.
    TrainResult uninterrupted = resumable(dir.resolve("a")).fit(SparkTests.jsc());
    assertEquals(3, uninterrupted.data().partitions());
    Descent.Builder b = resumable(dir.resolve("b"));
    b.listener((record, model) -> {
      if (record.epoch() == 3) {
        throw new IllegalStateException("simulated crash");
      }
    });
    assertThrows(RuntimeException.class,
        () -> b.fit(SparkTests.jsc()));
    // Resumed without partitions, where one per slot would be 4.
    Descent.Builder resumed = Descent.trainer().set("input", list).set("loss", "logistic")
        .set("optimizer", "adam").set("batchSize", "10%").set("epochs", "6")
        .set("tolerance", "0").set("checkpointDir", dir.resolve("b").toString())
        .set("resume", "true");
    TrainResult r = resumed.fit(SparkTests.jsc());
    assertEquals(3, r.data().partitions());
    assertArrayEquals(uninterrupted.model().weights(0), r.model().weights(0), 0.0);
    assertEquals(uninterrupted.model().intercept(0), r.model().intercept(0), 0.0);
  }

  private static Descent.Builder resumable(Path checkpoints) {
    return Descent.trainer().set("input", list).set("loss", "logistic").set("optimizer", "adam")
        .set("batchSize", "10%").set("epochs", "6").set("tolerance", "0")
        .set("partitions", "3").set("checkpointDir", checkpoints.toString());
  }

  /** The files' rows as labeled points, files {@code [p F/n, (p+1) F/n)} in partition p. */
  private static JavaRDD<LabeledPoint> points(int n) {
    List<List<LabeledPoint>> parts = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      List<LabeledPoint> part = new ArrayList<>();
      for (int f = p * FILES / n; f < (p + 1) * FILES / n; f++) {
        for (String line : LINES.get(f)) {
          String[] t = line.split(" ");
          double[] x = new double[3];
          for (int j = 0; j < 3; j++) {
            x[j] = Double.parseDouble(t[j + 1].substring(2));
          }
          part.add(new LabeledPoint(Double.parseDouble(t[0]),
              org.apache.spark.mllib.linalg.Vectors.dense(x)));
        }
      }
      parts.add(part);
    }
    JavaSparkContext jsc = SparkTests.jsc();
    return jsc.parallelize(IntStream.range(0, n).boxed().toList(), n)
        .mapPartitionsWithIndex((p, ignored) -> parts.get(p).iterator(), true);
  }

  @Test
  void skippedLinesKeepTheirFileAndLineInInputOrderWhenOnePartitionReadsSeveralFiles()
      throws Exception {
    Path dirty = Files.createDirectories(tmp.resolve("dirty"));
    // Files 2 and 3 share a partition; file 3's bad line comes before file 2's in its file.
    int[][] bad = {{2, 45}, {3, 2}, {6, 10}};
    List<String> names = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      List<String> lines = new ArrayList<>(LINES.get(f));
      for (int[] b : bad) {
        if (b[0] == f) {
          lines.set(b[1] - 1, "1 1:+0.12345 2:oops_oops 3:+0.123456");
        }
      }
      names.add(TestFiles.write(dirty, String.format(Locale.ROOT, "part-%05d", f),
          lines.toArray(String[]::new)).toString());
    }
    try (TrainingData data = read(String.join(",", names), "onBadRecord", "skip")) {
      assertEquals(4, data.numPartitions());
      SkipReport s = data.skipped();
      assertEquals(3, s.count());
      List<String> where = s.examples().stream().map(SkipReport.Example::location).toList();
      List<String> expected = Arrays.stream(bad).map(b -> dirty.resolve(
          String.format(Locale.ROOT, "part-%05d", b[0])) + ":" + b[1]).toList();
      assertEquals(expected, where);
    }
  }

  @Test
  void aSparkDataSourceIsCombinedIntoExactlyPartitions() {
    SparkSession spark = SparkTests.session();
    List<Row> rows = new ArrayList<>();
    Random r = new Random(11);
    for (int i = 0; i < 400; i++) {
      double a = r.nextGaussian();
      rows.add(RowFactory.create(a + r.nextGaussian() > 0 ? 1.0 : 0.0,
          Vectors.dense(a, r.nextGaussian())));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    Path parquet = tmp.resolve("rows.parquet");
    spark.createDataFrame(rows, schema).repartition(8).write().parquet(parquet.toString());
    for (int n : new int[] {1, 2}) {
      TrainResult t = Descent.trainer().set("input", parquet.toString())
          .set("loss", "logistic").set("epochs", "2").set("partitions", Integer.toString(n))
          .fit(SparkTests.jsc());
      assertEquals(n, t.data().partitions(), "partitions=" + n);
      assertEquals(400, t.data().rows());
    }
  }

  /**
   * A 9.2 MB file in 2 MB blocks is read in 5 splits (4 of 2 MB, one of 1.2 MB): 2 partitions
   * of whole splits would hold 4 and 5.2 MB. It is read again in 6 equal splits, 3 a partition.
   */
  @Test
  void aFileInBlocksThatTwoPartitionsCannotShareIsReadInEqualSplits() throws Exception {
    List<String> lines = new ArrayList<>();
    String tail = " 2:0.250000 3:0.125000 4:0.062500 5:0.031250 6:0.015625 7:0.007812";
    for (int i = 0; lines.size() * 80L < 9_650_000L; i++) {
      lines.add(String.format(Locale.ROOT, "%d 1:%.7f%s", i % 2, (i % 1000) / 1000.0, tail));
    }
    Path file = TestFiles.write(tmp, "blocks.libsvm", lines.toArray(String[]::new));
    assertEquals(80L * lines.size(), Files.size(file), "80-byte lines");
    try (Launch.Child probe = Launch.java(Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
        List.of("-Xmx512m"), PartitionRowsProbe.class.getName(), file.toString(),
        Long.toString(2 << 20))) {
      assertEquals(0, probe.await(120), probe.errText());
      String[] rows = probe.out.stream().filter(l -> l.startsWith("splits "))
          .findFirst().orElseThrow().split(" rows ");
      assertEquals("splits 5", rows[0]);
      long[] parts = Arrays.stream(rows[1].replaceAll("[\\[\\] ]", "").split(","))
          .mapToLong(Long::parseLong).toArray();
      assertEquals(2, parts.length, rows[1]);
      assertEquals(lines.size(), parts[0] + parts[1], rows[1]);
      assertTrue(Math.abs(parts[0] - parts[1]) <= 1, "3 equal splits a partition: " + rows[1]);
    }
  }

  @Test
  void runsOfConsecutivePartitionsBalanceTheirBytes() {
    assertEquals("[[0, 1, 2, 3], [4, 5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]",
        groups(BalancedCoalescer.runs(ones(17), 4)));
    assertEquals("[[0, 1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]]",
        groups(BalancedCoalescer.runs(ones(17), 2)));
    assertEquals("[[0], [1], [2]]", groups(BalancedCoalescer.runs(ones(3), 5)));
    // A big item alone; the small ones share; every run gets at least one item.
    assertEquals("[[0], [1, 2, 3, 4]]",
        groups(BalancedCoalescer.runs(new long[] {100, 1, 1, 1, 1}, 2)));
    assertEquals("[[0], [1], [2, 3]]",
        groups(BalancedCoalescer.runs(new long[] {1, 100, 1, 1}, 3)));
    assertEquals("[[0, 1], [2, 3]]", groups(BalancedCoalescer.runs(new long[4], 2))); // unknown
  }

  @Test
  void piecesOfUnequalSizeAreDealtToTheLightestGroup() {
    // A Spark data source's partitions of two files, ordered by size by Spark: runs would hold
    // 256 and 146 bytes; dealt, each file's two pieces go together.
    assertEquals("[[0, 2], [1, 3]]",
        groups(BalancedCoalescer.bins(new long[] {128, 128, 73, 73}, 2)));
    assertEquals("[[0], [1], [2, 3]]",
        groups(BalancedCoalescer.bins(new long[] {5, 5, 0, 0}, 3))); // none left empty
    assertEquals("[[0, 2], [1, 3]]", groups(BalancedCoalescer.bins(new long[4], 2)));
  }

  private static String groups(int[][] g) {
    return Arrays.deepToString(g);
  }

  private static long[] ones(int n) {
    long[] w = new long[n];
    Arrays.fill(w, 1);
    return w;
  }

  @Test
  void splitsThatCannotBeSharedEvenlyAreReadFiner() {
    long mb = 1 << 20;
    assertEquals(22, Partitioning.evenSplits(17, 2, 545 * mb)); // 17 x 32 MB on local[2]
    assertEquals(24, Partitioning.evenSplits(17, 4, 545 * mb));
    assertEquals(0, Partitioning.evenSplits(16, 4, 512 * mb));
    assertEquals(0, Partitioning.evenSplits(3, 4, 96 * mb));
    assertEquals(0, Partitioning.evenSplits(4, 4, 128 * mb));
    assertEquals(8, Partitioning.evenSplits(5, 4, 8 * mb));
    assertEquals(0, Partitioning.evenSplits(5, 4, 8 * mb - 1)); // finer splits under 1 MB
  }
}
