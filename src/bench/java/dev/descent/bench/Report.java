package dev.descent.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's output: sections of notes and tables, echoed to a stream as they complete and
 * written as one markdown file at the end (to a temporary file renamed into place, so a file at
 * the output path is always a complete table).
 */
final class Report {
  private final StringBuilder markdown = new StringBuilder();
  private final PrintStream echo;

  Report(PrintStream echo) {
    this.echo = echo;
  }

  void heading(String text) {
    add("\n## " + text + "\n");
  }

  void line(String text) {
    add(text + "\n");
  }

  /** A markdown table; every row must have as many cells as the header. */
  void table(List<String> header, List<List<String>> rows) {
    StringBuilder t = new StringBuilder("\n");
    t.append(row(header));
    List<String> rule = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      rule.add("---");
    }
    t.append(row(rule));
    for (List<String> r : rows) {
      if (r.size() != header.size()) {
        throw new IllegalArgumentException(r.size() + " cells for " + header.size() + " columns");
      }
      t.append(row(r));
    }
    add(t.toString());
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private void add(String text) {
    markdown.append(text);
    echo.print(text);
    echo.flush();
  }

  String markdown() {
    return markdown.toString();
  }

  void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, markdown, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
  }

  static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.2f s", seconds);
  }

  static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f", r);
  }

  static String gbps(double v) {
    return String.format(Locale.ROOT, "%.1f GB/s", v);
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  static String number(double v) {
    return String.format(Locale.ROOT, "%.8g", v);
  }
}
