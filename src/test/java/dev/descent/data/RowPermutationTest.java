package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowPermutationTest {

  static long[] order(long n, long seed) {
    RowPermutation p = new RowPermutation(n, seed);
    long[] o = new long[(int) n];
    for (int i = 0; i < n; i++) {
      o[i] = p.at(i);
    }
    return o;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 1000, 4096, 4097})
  void isABijectionOfZeroToN(long n) {
    for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE, 0x9E3779B97F4A7C15L}) {
      long[] o = order(n, seed);
      boolean[] seen = new boolean[(int) n];
      for (long r : o) {
        assertTrue(r >= 0 && r < n, "row " + r + " outside [0," + n + ")");
        assertFalse(seen[(int) r], "row " + r + " twice, n=" + n + " seed=" + seed);
        seen[(int) r] = true;
      }
    }
  }

  @Test
  void positionsOutsideTheRangeAreRefused() {
    RowPermutation p = new RowPermutation(10, 1);
    assertThrows(IndexOutOfBoundsException.class, () -> p.at(10));
    assertThrows(IndexOutOfBoundsException.class, () -> p.at(-1));
  }

  @Test
  void sameSeedSameOrderDifferentSeedsDifferentOrders() {
    for (long n : new long[] {64, 65, 1000, 4097}) {
      assertTrue(Arrays.equals(order(n, 5), order(n, 5)));
      Set<String> orders = new HashSet<>();
      for (long seed = 0; seed < 20; seed++) {
        orders.add(Arrays.toString(order(n, seed)));
      }
      assertEquals(20, orders.size(), "n=" + n);
    }
  }

  @Test
  void ordersAreShuffledNotShifted() {
    // Neither the identity nor a rotation: neighbouring positions land far apart, and the first
    // tenth of the order draws rows from every tenth of the range.
    for (long seed = 0; seed < 10; seed++) {
      long[] o = order(1000, seed);
      int fixed = 0;
      int adjacent = 0;
      for (int i = 0; i < o.length; i++) {
        fixed += o[i] == i ? 1 : 0;
        adjacent += i > 0 && Math.abs(o[i] - o[i - 1]) == 1 ? 1 : 0;
      }
      assertTrue(fixed < 10, "fixed points " + fixed);
      assertTrue(adjacent < 20, "adjacent steps " + adjacent);
      boolean[] decile = new boolean[10];
      for (int i = 0; i < 100; i++) {
        decile[(int) (o[i] / 100)] = true;
      }
      for (int d = 0; d < 10; d++) {
        assertTrue(decile[d], "seed " + seed + ": first 100 positions miss rows " + d * 100 + "..");
      }
    }
  }

  @Test
  void seedForDiffersByEpochAndPartition() {
    Set<Long> seeds = new HashSet<>();
    for (long epoch = -1; epoch < 20; epoch++) {
      for (int partition = 0; partition < 20; partition++) {
        seeds.add(RowPermutation.seedFor(7, epoch, partition));
      }
    }
    assertEquals(21 * 20, seeds.size());
    assertEquals(RowPermutation.seedFor(7, 3, 2), RowPermutation.seedFor(7, 3, 2));
    assertTrue(RowPermutation.seedFor(7, 3, 2) != RowPermutation.seedFor(8, 3, 2));
    // Swapping epoch and partition must not give the same stream.
    assertTrue(RowPermutation.seedFor(7, 3, 2) != RowPermutation.seedFor(7, 2, 3));
  }
}
