package dev.descent.report;

import java.util.Locale;

/** Escaping and number formatting for the HTML report. */
final class Html {
  private Html() {}

  /** Text made safe for element content and quoted attribute values. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A number to 6 significant digits without trailing zeros; NaN and infinities spelled out. */
  static String number(double v) {
    return significant(v, 6);
  }

  /** A short axis label: 3 significant digits. */
  static String tick(double v) {
    return significant(v, 3);
  }

  /** Seconds with a unit that suits them. */
  static String seconds(double s) {
    if (!Double.isFinite(s)) {
      return number(s);
    }
    if (s >= 120) {
      long whole = Math.round(s);
      return String.format(Locale.ROOT, "%dm %02ds", whole / 60, whole % 60);
    }
    return String.format(Locale.ROOT, s >= 10 ? "%.1f s" : "%.3f s", s);
  }

  /** A fraction as a percentage with one decimal. */
  static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction)
        : "n/a";
  }

  private static String significant(double v, int digits) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    if (v == 0) {
      return "0";
    }
    String s = String.format(Locale.ROOT, "%." + digits + "g", v);
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    if (mantissa.indexOf('.') >= 0) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    if (e < 0) {
      return mantissa;
    }
    int exponent = Integer.parseInt(s.substring(e + 1));
    return mantissa + "e" + exponent;
  }

  /** A table row: the key (escaped) and the value (already HTML). */
  static void row(StringBuilder s, String key, String value) {
    s.append("<tr><th>").append(Html.escape(key)).append("</th><td>").append(value)
        .append("</td></tr>");
  }}
