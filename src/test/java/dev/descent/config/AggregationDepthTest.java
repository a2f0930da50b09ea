package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.engine.AggregationDepth;
import org.junit.jupiter.api.Test;

/** aggregationDepth: fixed values as given; auto by partition count and partial-sum size. */
class AggregationDepthTest {

  /**
   * How many partial sums Spark's treeAggregate (RDD.treeAggregate in Spark 4) merges at its last
   * level, on the driver, for {@code partitions} partitions at {@code depth}: each level divides
   * the partition count by {@code scale = max(ceil(p^(1/depth)), 2)} while that still saves work.
   */
  static int driverFanIn(int partitions, int depth) {
    int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
    int p = partitions;
    while (p > scale + (int) Math.ceil((double) p / scale)) {
      p = (int) Math.ceil((double) p / scale);
    }
    return p;
  }

  @Test
  void fixedDepthsAreKeptAndTwoStillParses() {
    assertEquals(AggregationDepth.fixed(2), Settings.AGGREGATION_DEPTH.parse("2"));
    assertEquals(2, Settings.AGGREGATION_DEPTH.parse("2").levels(100_000, 1L << 30));
    assertEquals(5, Settings.AGGREGATION_DEPTH.parse("5").levels(4, 10));
    assertEquals("2", AggregationDepth.fixed(2).toString());
  }

  @Test
  void autoIsTheDefaultAndParses() {
    assertEquals(AggregationDepth.AUTO, Settings.AGGREGATION_DEPTH.defaultValue());
    assertEquals(AggregationDepth.AUTO, Settings.AGGREGATION_DEPTH.parse("auto"));
    assertEquals("auto", AggregationDepth.AUTO.toString());
    ConfigException e = assertThrows(ConfigException.class,
        () -> Settings.AGGREGATION_DEPTH.parse("0"));
    assertTrue(e.getMessage().contains("allowed: auto or a positive integer"), e.getMessage());
  }

  @Test
  void autoTakesTwoLevelsUpTo256PartitionsThenOneMorePerSixteenfold() {
    long small = 101;
    assertEquals(2, AggregationDepth.AUTO.levels(1, small));
    assertEquals(2, AggregationDepth.AUTO.levels(4, small));
    assertEquals(2, AggregationDepth.AUTO.levels(256, small));
    assertEquals(3, AggregationDepth.AUTO.levels(257, small));
    assertEquals(3, AggregationDepth.AUTO.levels(4096, small));
    assertEquals(4, AggregationDepth.AUTO.levels(4097, small));
    for (int p : new int[] {1, 2, 4, 16, 100, 256, 1000, 4096, 20_000}) {
      int fanIn = driverFanIn(p, AggregationDepth.AUTO.levels(p, small));
      assertTrue(fanIn <= 2 * AggregationDepth.FAN_IN, p + " partitions: " + fanIn);
    }
  }

  @Test
  void widePartialSumsGetMoreLevelsSoTheDriverMergesLessThanItsBudget() {
    long wide = 1L << 22; // 4,194,304 parameters: 64 MB per merged partial sum
    assertEquals(2, AggregationDepth.AUTO.levels(4, wide));
    assertEquals(2, AggregationDepth.AUTO.levels(16, wide));
    assertEquals(3, AggregationDepth.AUTO.levels(64, wide));
    assertEquals(4, AggregationDepth.AUTO.levels(200, wide));
    for (int p : new int[] {4, 16, 64, 200, 1000}) {
      int fanIn = driverFanIn(p, AggregationDepth.AUTO.levels(p, wide));
      assertTrue(fanIn * 16L * wide <= 2L * AggregationDepth.DRIVER_BYTES_MB << 20,
          p + " partitions: " + fanIn + " partial sums at the driver");
    }
  }
}
