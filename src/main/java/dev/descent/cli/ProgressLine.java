package dev.descent.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A live "epoch 3/20, step 45/100, ~1m20s left" line (with local steps: "round 2/10") on stderr while training runs in local mode
 * on a terminal; redrawn at most four times a second and erased before each epoch line, so
 * stdout stays exactly the epoch lines.
 */
final class ProgressLine {
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintStream err;
  private final long started = System.nanoTime();
  private long lastDraw;
  private long stepsDone;
  private boolean visible;

  ProgressLine(PrintStream err) {
    this.err = err;
  }

  /** Whether a live line makes sense: a terminal on both ends, and the driver runs locally. */
  static boolean wanted(String master) {
    return System.console() != null && (master == null || master.startsWith("local"));
  }

  synchronized void step(long epoch, long step, long stepsPerEpoch, int epochs) {
    draw("step", epoch, step, stepsPerEpoch, epochs);
  }

  /** After a round of local steps: "epoch 3/20, round 2/10, ...". */
  synchronized void round(long epoch, long round, long roundsPerEpoch, int epochs) {
    draw("round", epoch, round, roundsPerEpoch, epochs);
  }

  private void draw(String unit, long epoch, long step, long stepsPerEpoch, int epochs) {
    stepsDone++;
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    long remaining = (epochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step);
    double perStep = (now - started) / 1e9 / stepsDone;
    err.print(String.format(Locale.ROOT, "\r  epoch %d/%d, %s %d/%d, at most %s left   ",
        epoch, epochs, unit, step, stepsPerEpoch, duration(remaining * perStep)));
    err.flush();
    visible = true;
  }

  /** Erases the line, if shown. */
  synchronized void clear() {
    if (visible) {
      err.print("\r" + " ".repeat(70) + "\r");
      err.flush();
      visible = false;
    }
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
