package dev.descent.data;

import java.util.List;

/**
 * What {@code onBadRecord=skip} dropped, for people and for metrics files: the exact count and
 * the first few records (file:line, or partition and record for in-memory data) with the problem.
 */
public record SkipReport(long count, List<Example> examples) {
  /** Nothing skipped. */
  public static final SkipReport NONE = new SkipReport(0, List.of());

  /** A skipped record: where it is, and what was wrong with it. */
  public record Example(String location, String problem) {}

  public SkipReport {
    examples = List.copyOf(examples);
  }

  /**
   * A note saying how many records were skipped and showing the first, or null if none were.
   *
   * @param kept the number of records used
   */
  public String note(long kept) {
    if (count == 0) {
      return null;
    }
    StringBuilder s = new StringBuilder("onBadRecord=skip: skipped " + count + " malformed record"
        + (count == 1 ? "" : "s") + " of " + (count + kept) + (examples.size() < count
            ? "; the first " + examples.size() + ":" : ":"));
    for (Example e : examples) {
      s.append("\n  ").append(e.location()).append(": ").append(e.problem());
    }
    return s.toString();
  }

  /** The error when every record was malformed: skipping leaves nothing to work on. */
  public DataException allMalformed(String source) {
    StringBuilder s = new StringBuilder("every record is malformed (" + count
        + " skipped with onBadRecord=skip); the first:");
    for (Example e : examples) {
      s.append("\n  ").append(e.location()).append(": ").append(e.problem());
    }
    return DataException.of(source, s.toString());
  }
}
