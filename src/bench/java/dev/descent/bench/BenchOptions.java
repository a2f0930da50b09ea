package dev.descent.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one benchmark run measures.
 *
 * @param scale fraction of the row counts (1: dense 1,000,000 x 100 and 200,000 x 1,000,
 *     sparse 1,000,000 x 100,000, the 10,000,000-row scale run); dense features stay as they
 *     are, sparse features scale with the rows
 * @param reps repetitions per median
 * @param output where the markdown table goes
 * @param sections which sections to run (all by default)
 * @param seed data generation seed
 */
record BenchOptions(double scale, int reps, Path output, Set<String> sections, long seed) {
  /** Section names, in the order they are printed. */
  static final List<String> SECTIONS =
      List.of("epoch", "step", "target", "kernel", "memory", "scale", "sync", "hard",
          "defaults", "small", "files");

  static final Map<String, String> KEYS = Map.of(
      "scale", "fraction of the full row counts (and sparse feature count), in (0, 1] (default 1)",
      "reps", "repetitions per median, >= 1 (default 3)",
      "output", "markdown file for the table (default bench/results.md)",
      "sections", "comma-separated subset of " + String.join(",", SECTIONS) + " (default all)",
      "seed", "data generation seed (default 42)");

  /**
   * Options from {@code key=value} settings.
   *
   * @throws IllegalArgumentException naming the key and what is allowed
   */
  static BenchOptions of(Map<String, String> settings) {
    for (String key : settings.keySet()) {
      if (!KEYS.containsKey(key)) {
        throw new IllegalArgumentException("unknown bench setting '" + key + "'; known: "
            + String.join(", ", KEYS.keySet().stream().sorted().toList()));
      }
    }
    double scale = number(settings, "scale", "1");
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("bad value for scale: " + settings.get("scale")
          + "; allowed: a number in (0, 1]");
    }
    double reps = number(settings, "reps", "3");
    if (reps < 1 || reps != Math.rint(reps)) {
      throw new IllegalArgumentException("bad value for reps: " + settings.get("reps")
          + "; allowed: an integer >= 1");
    }
    Set<String> sections = Set.copyOf(SECTIONS);
    if (settings.containsKey("sections")) {
      sections = Set.of(settings.get("sections").toLowerCase(Locale.ROOT).split(","));
      for (String s : sections) {
        if (!SECTIONS.contains(s)) {
          throw new IllegalArgumentException("bad value for sections: unknown section '" + s
              + "'; allowed: " + String.join(", ", SECTIONS));
        }
      }
    }
    return new BenchOptions(scale, (int) reps,
        Path.of(settings.getOrDefault("output", "bench/results.md")), sections,
        (long) number(settings, "seed", "42"));
  }

  private static double number(Map<String, String> settings, String key, String dflt) {
    String v = settings.getOrDefault(key, dflt);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad value for " + key + ": '" + v + "' is not a number");
    }
  }

  boolean runs(String section) {
    return sections.contains(section);
  }

  /**
   * A row count scaled, at least 2,000 (so that a 1% batch holds whole rows in every partition,
   * and the sparse problem has more rows than features).
   */
  long rows(long full) {
    return Math.max(2_000, Math.round(full * scale));
  }

  /**
   * The sparse data set's features, scaled with its rows (at least 1,000), so that each feature
   * keeps about as many non-zeros as at full size: with far more features than rows, a
   * problem's conditioning, and so the time to its optimum, would be another problem's.
   */
  int sparseFeatures(int full) {
    return (int) Math.max(1_000, Math.round(full * scale));
  }
}
