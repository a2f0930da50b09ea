package dev.descent.testing;

import dev.descent.data.LabelDomain;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a line of LIBSVM or CSV input should parse to, decided independently of Descent's parsers:
 * the line is split with String and regex operations, numbers are accepted by a strict regular
 * expression and converted by {@link Double#parseDouble}, indices compared as {@link BigInteger}s.
 * The rules are docs/inputs.md's: strict finite decimals, 1-based strictly increasing LIBSVM
 * indices, a fixed CSV column count, labels in the loss's domain, weights >= 0, and no value
 * (label, feature or weight) whose square overflows a double.
 */
public final class LineOracle {
  /** Largest LIBSVM index (Java array limit after the shift to 0-based). */
  public static final BigInteger MAX_INDEX = BigInteger.valueOf(Integer.MAX_VALUE - 8);

  /** A decimal number as data files hold it: no NaN, Infinity, hex, type suffix or blanks. */
  private static final Pattern NUMBER = Pattern.compile(
      "[+-]?+(?:[0-9]++(?:\\.[0-9]*+)?+|\\.[0-9]++)(?:[eE][+-]?+[0-9]++)?+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]++");
  private static final Pattern LIBSVM_BLANKS = Pattern.compile("[ \\t\\r]+");

  /** The largest |value| whose square is a finite double. */
  private static final double LARGEST = Math.sqrt(Double.MAX_VALUE);

  private LineOracle() {}

  private static boolean tooLarge(double v) {
    return Math.abs(v) > LARGEST;
  }

  /** What a line holds. */
  public sealed interface Outcome permits NoRecord, Valid, Invalid {}

  /** A blank or comment line. */
  public record NoRecord() implements Outcome {}

  /** A malformed line, and why (for failure messages only). */
  public record Invalid(String why) implements Outcome {}

  /** A record: the raw and stored label, the weight, and the features in order (0-based). */
  public record Valid(double rawLabel, double label, double weight, int[] indices,
      double[] values) implements Outcome {}

  /** The value of a strict decimal token, or null if it is not one or not a finite double. */
  public static Double number(String token) {
    if (!NUMBER.matcher(token).matches()) {
      return null;
    }
    double v = Double.parseDouble(token);
    return Double.isInfinite(v) ? null : v;
  }

  /**
   * A LIBSVM line.
   *
   * @param numFeatures the declared dimension, or 0
   * @param numClasses for CLASSES labels, the declared number of classes, or 0
   */
  public static Outcome libsvm(byte[] line, int numFeatures, LabelDomain domain, int numClasses) {
    String s = new String(line, StandardCharsets.ISO_8859_1); // one char per byte, nothing lost
    List<String> tokens = new ArrayList<>();
    for (String t : LIBSVM_BLANKS.split(s)) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    if (tokens.isEmpty() || tokens.get(0).startsWith("#")) {
      return new NoRecord();
    }
    Double raw = number(tokens.get(0));
    if (raw == null) {
      return new Invalid("label " + tokens.get(0));
    }
    Double label = encode(raw, domain, numClasses);
    if (label == null) {
      return new Invalid("label " + raw + " outside " + domain);
    }
    List<Integer> indices = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    BigInteger previous = BigInteger.ZERO;
    for (String t : tokens.subList(1, tokens.size())) {
      if (t.startsWith("#")) {
        break;
      }
      int colon = t.indexOf(':');
      if (colon < 0) {
        return new Invalid("no colon in " + t);
      }
      String indexText = t.substring(0, colon);
      if (!DIGITS.matcher(indexText).matches()) {
        return new Invalid("index " + indexText);
      }
      BigInteger index = new BigInteger(indexText);
      if (index.signum() == 0 || index.compareTo(MAX_INDEX) > 0
          || (numFeatures > 0 && index.compareTo(BigInteger.valueOf(numFeatures)) > 0)
          || index.compareTo(previous) <= 0) {
        return new Invalid("index " + index + " after " + previous);
      }
      Double value = number(t.substring(colon + 1));
      if (value == null || tooLarge(value)) {
        return new Invalid("value " + t.substring(colon + 1));
      }
      indices.add(index.intValue() - 1);
      values.add(value);
      previous = index;
    }
    return new Valid(raw, label, 1.0, ints(indices), doubles(values));
  }

  /**
   * A CSV line.
   *
   * @param labelColumn -1 for none
   * @param weightColumn -1 for none
   */
  public static Outcome csv(byte[] line, int columns, int labelColumn, int weightColumn,
      char delimiter, LabelDomain domain, int numClasses) {
    String s = new String(line, StandardCharsets.ISO_8859_1);
    int end = s.length();
    while (end > 0 && " \t\r".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    if (end == 0) {
      return new NoRecord();
    }
    String[] cells = s.substring(0, end).split(Pattern.quote(String.valueOf(delimiter)), -1);
    if (cells.length != columns) {
      return new Invalid(cells.length + " columns");
    }
    double raw = 0;
    double label = 0;
    double weight = 1;
    List<Integer> indices = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      String cell = cells[c].replaceAll("^[ \\t]+|[ \\t]+$", "");
      Double v = number(cell);
      if (v == null || (tooLarge(v) && c != labelColumn)) {
        return new Invalid("cell " + cell);
      }
      if (c == labelColumn) {
        Double encoded = encode(v, domain, numClasses);
        if (encoded == null) {
          return new Invalid("label " + v + " outside " + domain);
        }
        raw = v;
        label = encoded;
      } else if (c == weightColumn) {
        if (v < 0) {
          return new Invalid("weight " + v);
        }
        weight = v;
      } else {
        indices.add(indices.size());
        values.add(v);
      }
    }
    return new Valid(raw, label, weight, ints(indices), doubles(values));
  }

  /** The stored label, or null if the domain refuses it. */
  private static Double encode(double raw, LabelDomain domain, int numClasses) {
    switch (domain) {
      case REAL:
        return tooLarge(raw) ? null : raw;
      case ANY:
        return raw;
      case BINARY:
        if (raw == 1) {
          return 1.0;
        }
        return raw == 0 || raw == -1 ? Double.valueOf(0.0) : null;
      default:
        boolean index = raw >= 0 && raw == Math.floor(raw) && raw <= 1_000_000;
        return index && (numClasses == 0 || raw < numClasses) ? Double.valueOf(raw) : null;
    }
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double[] doubles(List<Double> list) {
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
