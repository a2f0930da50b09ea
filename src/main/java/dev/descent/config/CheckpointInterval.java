package dev.descent.config;

/** How often to checkpoint: every {@code count} epochs (L-BFGS: iterations) or optimizer steps. */
public record CheckpointInterval(long count, boolean steps) {

  /** Parses "N", "N epochs" or "N steps" (singular too, space optional). */
  static CheckpointInterval parse(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    boolean steps = false;
    for (String unit : new String[] {"epochs", "epoch", "steps", "step"}) {
      if (t.endsWith(unit)) {
        steps = unit.startsWith("step");
        t = t.substring(0, t.length() - unit.length()).trim();
        break;
      }
    }
    long n = Settings.longInteger(t);
    if (n < 1) {
      throw new IllegalArgumentException("below 1");
    }
    return new CheckpointInterval(n, steps);
  }

  @Override
  public String toString() {
    return count + (steps ? " steps" : " epochs");
  }
}
