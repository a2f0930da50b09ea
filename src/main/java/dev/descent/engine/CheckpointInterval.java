package dev.descent.engine;

/** How often to checkpoint: every {@code count} epochs (L-BFGS: iterations) or optimizer steps. */
public record CheckpointInterval(long count, boolean steps) {

  @Override
  public String toString() {
    return count + (steps ? " steps" : " epochs");
  }
}
