package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.Descent;
import dev.descent.testing.SparkTests;
import dev.descent.testing.Synthetic;
import dev.descent.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BroadcastBlockId;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many short runs back to back in one JVM, as a long-lived service or a notebook would make them:
 * train (three optimizers, with and without mini-batches), predict and evaluate through the
 * command line, in-memory fits through the Java API, and runs that fail on bad data. The test is
 * bounded in time, not in rounds.
 *
 * <p>After every round, before any forced GC (Spark's ContextCleaner would then tidy up leaked
 * RDDs and broadcasts itself and hide the leak), no RDD may remain persisted, no RDD block stored
 * and no broadcast of Descent's (a {@code double[]} value) left on the driver, once Spark's
 * asynchronous removals have settled. Then, after a full GC, the heap, open file descriptors and
 * live threads are sampled; after a warm-up, the late samples must not have grown beyond the
 * early ones (by a tolerance: Spark's own caches and thread pools breathe).
 */
class SoakTest {
  private static final long SECONDS = 75;
  private static final int WARM_UP_ROUNDS = 3;

  @TempDir
  Path tmp;

  /** One sample of the resources a leak would grow. */
  record Sample(long heapBytes, long fds, long threads) {}

  /** What a round left behind on the driver before any GC: RDD and broadcast ids. */
  record Leftovers(Set<Integer> persistedRdds, Set<Integer> rddBlocks, Set<Long> ourBroadcasts) {
    boolean none() {
      return persistedRdds.isEmpty() && rddBlocks.isEmpty() && ourBroadcasts.isEmpty();
    }
  }

  @Test
  void manyRunsInOneJvmDoNotGrowMemoryFilesThreadsOrCachedData() throws IOException {
    JavaSparkContext jsc = SparkTests.jsc();
    Path train = trainingFile();
    Path dirty = dirtyFile(train);
    long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
    List<Sample> samples = new ArrayList<>();
    // What earlier tests in this JVM left (if anything) is not this test's business.
    System.gc();
    Leftovers before = leftovers(jsc, new Leftovers(Set.of(), Set.of(), Set.of()));
    int round = 0;
    long broadcastsSeen = 0;
    while (System.nanoTime() < deadline || samples.size() < 8) {
      broadcastsSeen += runRound(round, train, dirty, jsc);
      round++;
      Leftovers left = leftovers(jsc, before);
      String r = "round " + round;
      assertTrue(left.none(), () -> r + " left " + left + ": " + jsc.sc().getPersistentRDDs());
      if (round > WARM_UP_ROUNDS) {
        samples.add(sample());
      }
    }
    assertTrue(broadcastsSeen > 0, "the probe for Descent's broadcasts saw none during the runs");
    int k = Math.max(2, samples.size() / 4);
    Sample early = median(samples.subList(0, k));
    Sample late = median(samples.subList(samples.size() - k, samples.size()));
    String report = String.format(Locale.ROOT, "soak: %d rounds (%d sampled after %d warm-up),"
        + " nothing persisted or broadcast left after any round; early vs late medians of %d"
        + " samples:%n  heap after GC %.1f MB -> %.1f MB%n  open file descriptors %d -> %d%n"
        + "  live threads %d -> %d", round, samples.size(), WARM_UP_ROUNDS, k,
        early.heapBytes() / 1e6, late.heapBytes() / 1e6, early.fds(), late.fds(),
        early.threads(), late.threads());
    System.out.println(report);

    assertTrue(late.heapBytes() <= early.heapBytes() + Math.max(16_000_000,
        early.heapBytes() / 10), report);
    assertTrue(late.fds() <= early.fds() + 8, report + "\n" + openFiles());
    assertTrue(late.threads() <= early.threads() + 8, report + "\n" + threadNames());
  }

  /**
   * One round: every command and API path once, a failure included.
   *
   * @return Descent broadcasts seen on the driver during the round (the probe works)
   */
  private long runRound(int round, Path train, Path dirty, JavaSparkContext jsc) {
    long[] seen = {0};
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        seen[0] = Math.max(seen[0], ourBroadcasts().size());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "soak-broadcast-probe");
    watcher.start();
    Path dir = tmp.resolve("round" + round);
    Path model = dir.resolve("model");
    String[] optimizers = {"adam", "lbfgs", "momentum"};
    String optimizer = optimizers[round % optimizers.length];
    Cli.run("train", "input=" + train, "loss=logistic", "optimizer=" + optimizer,
        "batchSize=" + (optimizer.equals("lbfgs") ? "all" : "64"), "epochs=4", "regParam=0.01",
        "output=" + model).assertExit(0);
    Cli.run("predict", "input=" + dirty, "model=" + model, "onBadRecord=skip",
        "output=" + dir.resolve("predictions")).assertExit(0);
    Cli.run("evaluate", "input=" + train, "model=" + model, "output=" + dir.resolve("eval"))
        .assertExit(0);
    Cli.run("train", "input=" + dirty, "loss=logistic", "output=" + dir.resolve("failed"))
        .assertExit(3);
    Cli.run("predict", "input=" + dirty, "model=" + model, "output=" + dir.resolve("failed2"))
        .assertExit(3);
    double[][] x = Synthetic.design(300, 5, round, new double[] {1, 2, 3, 4, 5},
        new double[5]);
    double[] y = Synthetic.linear(x, new double[] {1, -1, 2, 0, 1}, 3, 0.1, round);
    Descent.trainer().set("optimizer", "sgd").set("batchSize", "10%").set("epochs", "5")
        .fit(jsc.parallelize(Synthetic.points(x, y), 3));
    deleteRecursively(dir);
    watcher.interrupt();
    try {
      watcher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return seen[0];
  }

  /**
   * Persisted RDDs, RDD blocks and Descent broadcasts not in {@code before}, once asynchronous
   * removal has settled.
   */
  private static Leftovers leftovers(JavaSparkContext jsc, Leftovers before) {
    Leftovers left = null;
    for (int attempt = 0; attempt < 100 && (left == null || !left.none()); attempt++) {
      if (left != null) {
        sleep(50);
      }
      Set<Integer> persisted = new TreeSet<>(jsc.getPersistentRDDs().keySet());
      Set<Integer> blocks = new TreeSet<>();
      for (BlockId id : blockIds(b -> b instanceof RDDBlockId)) {
        blocks.add(((RDDBlockId) id).rddId());
      }
      Set<Long> broadcasts = ourBroadcasts();
      persisted.removeAll(before.persistedRdds());
      blocks.removeAll(before.rddBlocks());
      broadcasts.removeAll(before.ourBroadcasts());
      left = new Leftovers(persisted, blocks, broadcasts);
    }
    return left;
  }

  /**
   * Broadcasts on the driver whose value is a {@code double[]}: Descent's coefficients and
   * feature means. Spark's own (task binaries, byte arrays) wait for the ContextCleaner.
   */
  private static Set<Long> ourBroadcasts() {
    MemoryStore store = SparkEnv.get().blockManager().memoryStore();
    Set<Long> ids = new TreeSet<>();
    for (BlockId id : blockIds(b -> b instanceof BroadcastBlockId bb && bb.field().isEmpty())) {
      try {
        // A wildcard: the element type reads differently from Scala 2.12 and 2.13 signatures.
        scala.Option<? extends scala.collection.Iterator<?>> values = store.getValues(id);
        if (values.isDefined() && values.get().hasNext()
            && values.get().next() instanceof double[]) {
          ids.add(((BroadcastBlockId) id).broadcastId());
        }
      } catch (IllegalArgumentException e) {
        // stored serialized: not a value Descent broadcast
      }
    }
    return ids;
  }

  private static List<BlockId> blockIds(Predicate<BlockId> kind) {
    // Iterated by hand: the collection converters differ between Scala 2.12 and 2.13.
    scala.collection.Iterator<BlockId> it = SparkEnv.get().blockManager()
        .getMatchingBlockIds(id -> kind.test(id)).iterator();
    List<BlockId> out = new ArrayList<>();
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  /** Heap after a full GC (the lowest of a few tries), open files and live threads. */
  private static Sample sample() {
    // Spark caches a JobConf per Hadoop RDD (about 100 KB each, up to 1000 of them) behind soft
    // references, which a GC keeps until memory runs short: empty it, so that what stays is ours.
    emptyJobConfCache();
    long heap = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3; attempt++) {
      System.gc();
      sleep(100);
      heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return new Sample(heap, count(Path.of("/proc/self/fd")),
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  /** Empties SparkEnv.hadoopJobMetadata (a shaded Guava cache, which is a ConcurrentMap). */
  private static void emptyJobConfCache() {
    Object cache = SparkEnv.get().hadoopJobMetadata();
    if (!(cache instanceof Map<?, ?> map)) {
      throw new IllegalStateException("Spark's JobConf cache is a " + cache.getClass());
    }
    map.clear();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Sample median(List<Sample> samples) {
    return new Sample(median(samples, Sample::heapBytes), median(samples, Sample::fds),
        median(samples, Sample::threads));
  }

  private static long median(List<Sample> samples, ToLongFunction<Sample> f) {
    long[] v = samples.stream().mapToLong(f).sorted().toArray();
    return v[v.length / 2];
  }

  private static long count(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Open files by target, for a failure message. */
  private static String openFiles() {
    Map<String, Integer> byTarget = new TreeMap<>();
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : s.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString().replaceAll("\\d+", "N");
        } catch (IOException e) {
          target = "?";
        }
        byTarget.merge(target, 1, Integer::sum);
      }
    } catch (IOException e) {
      return e.toString();
    }
    return "open files: " + byTarget;
  }

  /** Live threads by name pattern, for a failure message. */
  private static String threadNames() {
    Map<String, Integer> byName = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      byName.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
    }
    return "threads: " + byName;
  }

  private Path trainingFile() {
    Random r = new Random(7);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder s = new StringBuilder();
      double margin = 0;
      StringBuilder features = new StringBuilder();
      for (int j = 1; j <= 20; j++) {
        if (r.nextInt(3) == 0) {
          double v = r.nextGaussian();
          margin += (j % 4 - 1.5) * v;
          features.append(' ').append(j).append(':').append(v);
        }
      }
      s.append(margin + 0.5 * r.nextGaussian() > 0 ? 1 : 0).append(features);
      lines.add(s.toString());
    }
    return TestFiles.write(tmp, "train.libsvm", lines.toArray(String[]::new));
  }

  private Path dirtyFile(Path train) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(train));
    lines.add(100, "1 3:1 2:1");
    lines.add(300, "1 7:x");
    return TestFiles.write(tmp, "dirty.libsvm", lines.toArray(String[]::new));
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
