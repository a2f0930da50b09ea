package dev.descent.data;

import java.nio.charset.StandardCharsets;

/**
 * Strict decimal parsing straight from bytes: accepts what a data file should hold
 * ({@code [+-]digits[.digits][e[+-]digits]}) and nothing else, so "NaN", "Infinity", "1d",
 * hex floats and stray characters are errors rather than silently accepted as
 * {@link Double#parseDouble} would.
 */
public final class Numbers {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  /**
   * The largest magnitude a label, feature or weight may have: its square, which losses,
   * gradients and feature moments compute, must be a finite double. Larger values are bad data
   * (a record to fix or skip), not a reason for training to diverge.
   */
  public static final double MAX_MAGNITUDE = Math.sqrt(Double.MAX_VALUE);

  private Numbers() {}

  /**
   * Refuses a value whose square overflows a double.
   *
   * @param what how the message names the value, e.g. "label" or "feature 3"
   */
  public static void checkMagnitude(double v, String what) throws BadRecord {
    if (Math.abs(v) > MAX_MAGNITUDE) {
      throw tooLarge(v, what);
    }
  }

  /**
   * The error for a value beyond {@link #MAX_MAGNITUDE}; for hot loops, which test
   * {@code Math.abs(v) > MAX_MAGNITUDE} themselves and build the message only then.
   */
  public static BadRecord tooLarge(double v, String what) {
    return new BadRecord(what + " " + show(v) + " is too large: its square overflows a double"
        + " (the limit is about 1.34e154; rescale the data)");
  }

  /**
   * Parses bytes [from, to) as a finite decimal number. (Over 60 lines: a parser, one pass
   * over the bytes with its checks inline.)
   */
  public static double parse(byte[] b, int from, int to) throws BadRecord {
    if (from >= to) {
      throw new BadRecord("empty number");
    }
    int i = from;
    boolean negative = false;
    if (b[i] == '-' || b[i] == '+') {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int significant = 0; // digits accumulated into mantissa, leading zeros excluded
    int dropped = 0; // integer digits that did not fit into the mantissa
    int scale = 0; // decimal exponent contributed by fraction digits
    boolean digits = false;
    boolean inexact = false;
    while (i < to && isDigit(b[i])) {
      digits = true;
      if (significant < 18) {
        if (mantissa != 0 || b[i] != '0') {
          mantissa = mantissa * 10 + (b[i] - '0');
          significant++;
        }
      } else {
        dropped++;
        inexact |= b[i] != '0';
      }
      i++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && isDigit(b[i])) {
        digits = true;
        if (significant < 18) {
          if (mantissa != 0 || b[i] != '0') {
            mantissa = mantissa * 10 + (b[i] - '0');
            significant++;
          }
          scale--;
        } else {
          inexact |= b[i] != '0';
        }
        i++;
      }
    }
    if (!digits) {
      throw notANumber(b, from, to);
    }
    int exponent = 0;
    boolean exponentCut = false; // exponent digits beyond the cap were ignored
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < to && (b[i] == '-' || b[i] == '+')) {
        expNegative = b[i] == '-';
        i++;
      }
      if (i >= to || !isDigit(b[i])) {
        throw notANumber(b, from, to);
      }
      while (i < to && isDigit(b[i])) {
        if (exponent < 100_000) {
          exponent = exponent * 10 + (b[i] - '0');
        } else {
          exponentCut = true;
        }
        i++;
      }
      if (expNegative) {
        exponent = -exponent;
      }
    }
    if (i != to) {
      throw notANumber(b, from, to);
    }
    int e10 = exponent + scale + dropped;
    double value;
    if (mantissa == 0) {
      value = 0.0;
    } else if (!inexact && !exponentCut && significant <= 15 && e10 >= -22 && e10 <= 22) {
      // Clinger's fast path: both operands are exact doubles, so one rounding gives the right answer.
      // Not with a cut exponent: its e10 is meaningless (many fraction digits could cancel it).
      value = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
    } else {
      // Rare: more than 15 significant digits or a large exponent. The JDK rounds correctly;
      // it parses the digits after the sign, which is applied below like on the fast path.
      int digitsFrom = b[from] == '-' || b[from] == '+' ? from + 1 : from;
      value = Double.parseDouble(new String(b, digitsFrom, to - digitsFrom,
          StandardCharsets.US_ASCII));
    }
    if (Double.isInfinite(value)) {
      throw new BadRecord("number " + excerpt(b, from, to) + " is out of range for a double");
    }
    return negative ? -value : value;
  }

  /** Parses bytes [from, to) as a non-negative decimal integer no larger than {@code max}. */
  public static long parseIndex(byte[] b, int from, int to, long max) throws BadRecord {
    if (from >= to) {
      throw new BadRecord("empty feature index");
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      if (!isDigit(b[i])) {
        throw new BadRecord("feature index " + excerpt(b, from, to) + " is not a positive integer");
      }
      int digit = b[i] - '0';
      if (v > Math.floorDiv(max - digit, 10)) { // v * 10 + digit > max, without overflow
        throw new BadRecord("feature index " + excerpt(b, from, to) + " is larger than " + max);
      }
      v = v * 10 + digit;
    }
    return v;
  }

  /** A short printable form of a number for messages: integers without ".0". */
  public static String show(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** A printable excerpt of raw bytes for messages, at most 40 characters, non-ASCII escaped. */
  public static String excerpt(byte[] b, int from, int to) {
    StringBuilder s = new StringBuilder("\"");
    int end = Math.min(to, from + 40);
    for (int i = from; i < end; i++) {
      int c = b[i] & 0xff;
      if (c >= 0x20 && c < 0x7f) {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02X", c));
      }
    }
    if (end < to) {
      s.append("...");
    }
    return s.append('"').toString();
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static BadRecord notANumber(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        return new BadRecord("value " + excerpt(b, from, to)
            + " contains a non-ASCII byte (is the file UTF-8 text of numbers?)");
      }
    }
    return new BadRecord("value " + excerpt(b, from, to) + " is not a finite decimal number");
  }
}
