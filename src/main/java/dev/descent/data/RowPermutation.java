package dev.descent.data;

/**
 * A pseudo-random permutation of {@code [0, n)} that can be evaluated at any position in O(1)
 * without storing it, so each mini-batch step reads only its own rows. Built from invertible
 * operations on {@code b}-bit integers ({@code 2^b >= n}): add a key, multiply by an odd
 * constant, xor-shift; repeated for four keyed rounds, with cycle-walking to stay below
 * {@code n} (fewer than two rounds-trips on average, since {@code 2^b < 2n}).
 */
public final class RowPermutation {
  private final long n;
  private final int bits;
  private final long mask;
  private final int shift;
  private final long[] keys = new long[4];
  private final long[] multipliers = new long[4];

  /** The permutation for {@code n} rows drawn from {@code seed}. */
  public RowPermutation(long n, long seed) {
    this.n = n;
    this.bits = Math.max(2, 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1)));
    this.mask = bits == 64 ? -1L : (1L << bits) - 1;
    this.shift = Math.max(1, bits / 2);
    long s = seed;
    for (int r = 0; r < 4; r++) {
      s = mix(s + 0x9E3779B97F4A7C15L);
      keys[r] = s & mask;
      s = mix(s + 0x9E3779B97F4A7C15L);
      multipliers[r] = (s | 1L) & mask;
    }
  }

  /** A seed for one (run seed, epoch, partition), so that every epoch shuffles anew. */
  public static long seedFor(long seed, long epoch, int partition) {
    return mix(mix(mix(seed) ^ epoch) ^ partition);
  }

  /** The row at position {@code i} of the shuffled order. */
  public long at(long i) {
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException(i + " not in [0, " + n + ")");
    }
    long x = i;
    do {
      x = round(x);
    } while (x >= n);
    return x;
  }

  private long round(long x) {
    for (int r = 0; r < 4; r++) {
      x = (x + keys[r]) & mask;
      x = (x * multipliers[r]) & mask;
      x ^= x >>> shift;
    }
    return x;
  }

  /** SplitMix64's finalizer: a strong 64-bit mixing function. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
