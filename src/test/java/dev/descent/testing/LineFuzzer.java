package dev.descent.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generates valid LIBSVM and CSV lines and hostile mutations of them, deterministically from a
 * {@link Random}. The lines are bytes, not strings, so that invalid UTF-8 survives.
 */
public final class LineFuzzer {
  /** The kinds of damage a line can suffer. */
  public enum Mutation {
    NONE, TRUNCATE, NON_NUMERIC, HUGE_EXPONENT, NAN_INFINITY, INDEX_ZERO, BAD_INDEX,
    REPEATED_INDEX, UNSORTED_INDICES, WRONG_COLUMN_COUNT, STRAY_SEPARATOR, INVALID_UTF8,
    CONTROL_BYTES, EMPTY_LINE, BYTE_FLIP, LONG_LINE, EDGE_NUMBER
  }

  /** Tokens that are not finite decimal numbers, or only barely are. */
  static final String[] NASTY = {"NaN", "nan", "-NaN", "Infinity", "-Infinity", "+Infinity",
      "inf", "Inf", "1e", "1e+", "e5", "--1", "+-1", ".", "-.", "+.", "1.2.3", "0x1p3", "0x10",
      "1d", "1f", "1D", "1_000", "1,5", "", " ", "1e5.5", "1..2", "abc", "true", "null", "\"1\"",
      "'1'", "1 e5", "\u0661", "\uFF11", "1\u00A0", "\u22121", "0b101", "1L", "#", "1#2", ":"};

  /** Values beyond or at the edges of the double range. */
  static final String[] HUGE = {"1e309", "-1e309", "1.8e308", "1.7976931348623157e308",
      "1.7976931348623158e308", "1.7976931348623159e308", "1e99999999999999999999",
      "-1e99999999999999999999", "1e-400", "-1e-400", "4.9e-324", "2.4703282292062327e-324",
      "2.4703282292062328e-324", "1e-99999999999999999999", "0e99999999999999999999",
      "0.0000000000000000000000000000001e340", "100000000000000000000000000000e280",
      "1E+308", "1E+309", "123456789012345678901234567890", "9007199254740993",
      "0.1000000000000000055511151231257827021181583404541015625", "2.2250738585072011e-308",
      "2.2250738585072012e-308", "1e22", "1e23", "9999999999999999e-22", "1.5e-45",
      "0.000000000000000000000000000000000000000000001"};

  /** Index texts that are wrong, or right only at the limit. */
  static final String[] BAD_INDICES = {"-1", "+1", "00", "1.0", "1e2", "2147483639",
      "2147483640", "2147483647", "2147483648", "99999999999999999999", "", "a", "0x1",
      "qid", "١"};

  static final byte[][] INVALID_UTF8 = {{(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xC3, (byte) 0xA9}};

  static final byte[] CONTROL = {0, 1, 7, 8, 11, 12, 27, 127};

  private final Random random;

  public LineFuzzer(Random random) {
    this.random = random;
  }

  /** A line and the mutations that made it. */
  public record Case(byte[] line, List<Mutation> mutations) {
    public String describe() {
      return mutations + " " + escape(line);
    }
  }

  /** Printable form of a line for failure messages, at most 300 characters. */
  public static String escape(byte[] line) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < line.length && s.length() < 300; i++) {
      int c = line[i] & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02X", c));
      }
    }
    return s.append(line.length > 150 ? "...(" + line.length + " bytes)\"" : "\"").toString();
  }

  // ---- valid lines ----

  /**
   * A random decimal, in one of the forms files hold; finite, strictly parseable, and with a
   * finite square (at most about 1.34e154, as data must be).
   */
  public String number() {
    switch (random.nextInt(10)) {
      case 0:
        return Integer.toString(random.nextInt(2001) - 1000);
      case 1:
        return Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6));
      case 2:
        return String.format(java.util.Locale.ROOT, "%.6f", random.nextDouble() * 200 - 100);
      case 3:
        return (random.nextBoolean() ? "-" : "+") + "." + random.nextInt(100000);
      case 4:
        return random.nextInt(1000) + ".";
      case 5:
        return random.nextInt(10) + "." + digits(20 + random.nextInt(20)) + "e"
            + (random.nextInt(454) - 300);
      case 6:
        return "000" + random.nextInt(100) + "." + random.nextInt(100) + "E+" + random.nextInt(5);
      case 7:
        // any sign and mantissa, biased exponent up to 1534: below 2^512 = sqrt(2^1024)
        return Double.toString(Double.longBitsToDouble((random.nextLong() & 0x800F_FFFF_FFFF_FFFFL)
            | ((long) random.nextInt(1535) << 52)));
      case 8:
        return random.nextBoolean() ? "0" : "-0.0";
      default:
        return digits(1 + random.nextInt(25));
    }
  }

  private String digits(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + random.nextInt(10)));
    }
    return s.toString();
  }

  private String blanks() {
    switch (random.nextInt(6)) {
      case 0:
        return "\t";
      case 1:
        return "  ";
      case 2:
        return " \t ";
      default:
        return " ";
    }
  }

  /**
   * A valid LIBSVM line with labels from {@code labels} and indices up to {@code maxIndex}
   * (at most 12 features).
   */
  public String libsvmLine(String[] labels, int maxIndex) {
    StringBuilder s = new StringBuilder();
    if (random.nextInt(10) == 0) {
      s.append(blanks());
    }
    s.append(labels == null ? number() : labels[random.nextInt(labels.length)]);
    int features = random.nextInt(Math.min(12, maxIndex) + 1);
    int[] idx = random.ints(1, maxIndex + 1).distinct().limit(features).sorted().toArray();
    for (int i : idx) {
      s.append(blanks()).append(random.nextInt(8) == 0 ? "00" : "").append(i).append(':')
          .append(number());
    }
    switch (random.nextInt(8)) {
      case 0:
        s.append(" # a comment 1:2");
        break;
      case 1:
        s.append(blanks());
        break;
      case 2:
        s.append('\r');
        break;
      default:
        break;
    }
    return s.toString();
  }

  /** A valid CSV line: {@code columns} cells, the label and weight cells from their sets. */
  public String csvLine(int columns, int labelColumn, int weightColumn, char delimiter,
      String[] labels) {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < columns; c++) {
      if (c > 0) {
        s.append(delimiter);
      }
      String cell;
      if (c == labelColumn && labels != null) {
        cell = labels[random.nextInt(labels.length)];
      } else if (c == weightColumn) {
        cell = random.nextInt(5) == 0 ? "0" : Double.toString(random.nextDouble() * 3);
      } else {
        cell = number();
      }
      boolean pad = random.nextInt(10) == 0 && delimiter != ' ';
      s.append(pad ? " " + cell + " " : cell);
    }
    if (random.nextInt(10) == 0) {
      s.append('\r');
    }
    return s.toString();
  }

  // ---- mutations ----

  /** A LIBSVM line after 0 to 3 random mutations (a fifth are left valid). */
  public Case mutateLibsvm(String valid) {
    return mutate(valid, false, ',');
  }

  /** A CSV line after 0 to 3 random mutations. */
  public Case mutateCsv(String valid, char delimiter) {
    return mutate(valid, true, delimiter);
  }

  private static final Mutation[] KINDS = Arrays.stream(Mutation.values())
      .filter(m -> m != Mutation.NONE && m != Mutation.LONG_LINE).toArray(Mutation[]::new);

  private Case mutate(String valid, boolean csv, char delimiter) {
    List<Mutation> applied = new ArrayList<>();
    byte[] line = valid.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(5) == 0) {
      applied.add(Mutation.NONE);
      return new Case(line, applied);
    }
    int n = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1);
    for (int i = 0; i < n; i++) {
      Mutation m = KINDS[random.nextInt(KINDS.length)];
      applied.add(m);
      line = apply(m, line, csv, delimiter);
    }
    return new Case(line, applied);
  }

  /** A line of about {@code bytes} bytes: many features, one huge number, or padding. */
  public Case longLine(int bytes, boolean csv, char delimiter, int columns) {
    StringBuilder s = new StringBuilder(bytes + 64);
    switch (random.nextInt(csv ? 3 : 4)) {
      case 0: // one number with a huge number of digits, at the label or a value
        s.append(csv ? "" : "1 1:").append(random.nextBoolean() ? "0." : "").append(digits(bytes));
        if (random.nextBoolean()) {
          s.append("e-").append(random.nextInt(bytes + 400));
        }
        for (int c = 1; csv && c < columns; c++) {
          s.append(delimiter).append('1');
        }
        break;
      case 1: // a valid line padded with blanks
        s.append(csv ? "1" : "1 1:2");
        for (int c = 1; csv && c < columns; c++) {
          s.append(delimiter).append("2");
        }
        s.append(" ".repeat(bytes));
        break;
      case 2: // garbage: one long run of a byte that is never valid
        s.append(csv ? "" : "1 ").append("x".repeat(bytes));
        break;
      default: // LIBSVM: very many features, valid unless the last index breaks the order
        s.append("0");
        int index = 0;
        while (s.length() < bytes) {
          index += 1 + random.nextInt(3);
          s.append(' ').append(index).append(':').append(random.nextInt(100) - 50);
        }
        if (random.nextBoolean()) {
          s.append(" 1:1");
        }
        break;
    }
    List<Mutation> kinds = new ArrayList<>(List.of(Mutation.LONG_LINE));
    return new Case(s.toString().getBytes(StandardCharsets.US_ASCII), kinds);
  }

  private byte[] apply(Mutation m, byte[] line, boolean csv, char delimiter) {
    String s = new String(line, StandardCharsets.ISO_8859_1);
    switch (m) {
      case TRUNCATE:
        return Arrays.copyOf(line, line.length == 0 ? 0 : random.nextInt(line.length));
      case NON_NUMERIC:
        return replaceNumber(s, NASTY[random.nextInt(NASTY.length)], csv, delimiter);
      case HUGE_EXPONENT:
      case EDGE_NUMBER:
        return replaceNumber(s, HUGE[random.nextInt(HUGE.length)], csv, delimiter);
      case NAN_INFINITY:
        return replaceNumber(s, NASTY[random.nextInt(7)], csv, delimiter);
      case INDEX_ZERO:
        return csv ? insert(line, "0:1") : replaceIndex(s, "0");
      case BAD_INDEX:
        return csv ? insert(line, "1:") : replaceIndex(s, BAD_INDICES[random.nextInt(
            BAD_INDICES.length)]);
      case REPEATED_INDEX:
        return csv ? duplicateCell(s, delimiter) : repeatFeature(s);
      case UNSORTED_INDICES:
        return csv ? duplicateCell(s, delimiter) : swapFeatures(s);
      case WRONG_COLUMN_COUNT:
        return csv ? (random.nextBoolean() ? duplicateCell(s, delimiter) : dropCell(s, delimiter))
            : insert(line, random.nextBoolean() ? " 5" : " :");
      case STRAY_SEPARATOR: {
        String[] strays = csv
            ? new String[] {String.valueOf(delimiter), "" + delimiter + delimiter, ",", ";", "\t",
                ":", " ", "\"", "#"}
            : new String[] {":", "::", " :", ": ", ",", ";", "\t\t", "#", "  "};
        return insert(line, strays[random.nextInt(strays.length)]);
      }
      case INVALID_UTF8:
        return insert(line, INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
      case CONTROL_BYTES:
        return insert(line, new byte[] {CONTROL[random.nextInt(CONTROL.length)]});
      case EMPTY_LINE: {
        String[] empties = {"", " ", "\t", "\r", " \t\r", "#", "# only a comment"};
        return empties[random.nextInt(empties.length)].getBytes(StandardCharsets.US_ASCII);
      }
      case BYTE_FLIP: {
        if (line.length == 0) {
          return line;
        }
        byte[] copy = line.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
      }
      default:
        throw new AssertionError(m);
    }
  }

  /** Replaces one number (label, value or cell) of the line with {@code token}. */
  private byte[] replaceNumber(String s, String utf8Token, boolean csv, char delimiter) {
    String token = latin1(utf8Token);
    List<int[]> spans = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= s.length(); i++) {
      boolean sep = i == s.length() || (csv ? s.charAt(i) == delimiter
          : s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ':');
      if (!sep && start < 0) {
        start = i;
      } else if (sep && start >= 0) {
        boolean isIndex = !csv && i < s.length() && s.charAt(i) == ':';
        if (!isIndex) {
          spans.add(new int[] {start, i});
        }
        start = -1;
      }
    }
    if (spans.isEmpty()) {
      return bytes(s + token);
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    return bytes(s.substring(0, span[0]) + token + s.substring(span[1]));
  }

  private byte[] replaceIndex(String s, String utf8Index) {
    String index = latin1(utf8Index);
    List<int[]> spans = new ArrayList<>();
    for (int colon = s.indexOf(':'); colon >= 0; colon = s.indexOf(':', colon + 1)) {
      int from = colon;
      while (from > 0 && s.charAt(from - 1) != ' ' && s.charAt(from - 1) != '\t') {
        from--;
      }
      spans.add(new int[] {from, colon});
    }
    if (spans.isEmpty()) {
      return bytes(s + " " + index + ":1");
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    return bytes(s.substring(0, span[0]) + index + s.substring(span[1]));
  }

  /** The LIBSVM features of a line (tokens with a colon), as [start, end) spans. */
  private static List<int[]> features(String s) {
    List<int[]> spans = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      int from = i;
      while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
        i++;
      }
      if (i > from && s.substring(from, i).indexOf(':') > 0 && s.charAt(from) != '#') {
        spans.add(new int[] {from, i});
      }
    }
    return spans;
  }

  private byte[] repeatFeature(String s) {
    List<int[]> f = features(s);
    if (f.isEmpty()) {
      return bytes(s + " 3:1 3:2");
    }
    int[] span = f.get(random.nextInt(f.size()));
    String token = s.substring(span[0], span[1]);
    return bytes(s.substring(0, span[1]) + " " + token + s.substring(span[1]));
  }

  private byte[] swapFeatures(String s) {
    List<int[]> f = features(s);
    if (f.size() < 2) {
      return bytes(s + " 9:1 4:1");
    }
    int a = random.nextInt(f.size() - 1);
    int[] x = f.get(a);
    int[] y = f.get(a + 1);
    return bytes(s.substring(0, x[0]) + s.substring(y[0], y[1]) + s.substring(x[1], y[0])
        + s.substring(x[0], x[1]) + s.substring(y[1]));
  }

  private byte[] duplicateCell(String s, char delimiter) {
    int cut = s.indexOf(delimiter);
    String first = cut < 0 ? s : s.substring(0, cut);
    return bytes(first + delimiter + s);
  }

  private byte[] dropCell(String s, char delimiter) {
    int cut = s.lastIndexOf(delimiter);
    return bytes(cut < 0 ? "" : s.substring(0, cut));
  }

  private byte[] insert(byte[] line, String text) {
    return insert(line, text.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] insert(byte[] line, byte[] piece) {
    int at = random.nextInt(line.length + 1);
    byte[] out = new byte[line.length + piece.length];
    System.arraycopy(line, 0, out, 0, at);
    System.arraycopy(piece, 0, out, at, piece.length);
    System.arraycopy(line, at, out, at + piece.length, line.length - at);
    return out;
  }

  /** The UTF-8 bytes of {@code s}, one char per byte, to splice into a line held that way. */
  private static String latin1(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String isoLatin1) {
    return isoLatin1.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Concatenates lines with the given terminators into file content. */
  public static byte[] join(List<byte[]> lines, List<String> terminators) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      out.writeBytes(lines.get(i));
      out.writeBytes(terminators.get(i).getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }
}
