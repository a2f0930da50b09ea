package dev.descent.data;

/**
 * What a parser found wrong with one line, before the line's location is attached.
 * Cheap to throw (no stack trace): skipping bad records may throw many of them.
 */
public final class BadRecord extends Exception {
  private static final long serialVersionUID = 1L;

  public BadRecord(String problem) {
    super(problem, null, false, false);
  }
}
