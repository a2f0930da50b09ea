package dev.descent.cli;

import dev.descent.engine.TrainingListener;
import dev.descent.model.LinearModel;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.report.EpochLine;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What the train command shows while training: the start line and notes on stderr, the progress
 * line (on a terminal) while an epoch runs, and one line per epoch on stdout.
 */
final class ConsoleListener implements TrainingListener {
  private final PrintStream out;
  private final PrintStream err;
  private final ProgressLine progress; // null: none
  private final String loss;
  private final String optimizer;
  private final boolean penalized;

  /**
   * @param progress the progress line, or null for none
   * @param penalized whether the objective has a penalty (regParam > 0), which epoch lines show
   */
  ConsoleListener(PrintStream out, PrintStream err, ProgressLine progress, String loss,
      String optimizer, boolean penalized) {
    this.out = out;
    this.err = err;
    this.progress = progress;
    this.loss = loss;
    this.optimizer = optimizer;
    this.penalized = penalized;
  }

  @Override
  public void onStart(Start s) {
    s.notes().forEach(n -> err.println("note: " + n));
    err.printf(Locale.ROOT, "Training %s on %d rows x %d features (%d partition%s) with %s%n",
        loss, s.rows(), s.numFeatures(), s.partitions(), s.partitions() == 1 ? "" : "s",
        optimizer);
  }

  @Override
  public void onNote(String note) {
    err.println("note: " + note);
  }

  @Override
  public void onStep(long epoch, long step, long stepsPerEpoch, int epochs) {
    if (progress != null) {
      progress.step(epoch, step, stepsPerEpoch, epochs);
    }
  }

  @Override
  public void onRound(long epoch, long round, long roundsPerEpoch, int epochs) {
    if (progress != null) {
      progress.round(epoch, round, roundsPerEpoch, epochs);
    }
  }

  @Override
  public void onEpoch(EpochRecord record, LinearModel model) {
    onEpoch(record, model, 0);
  }

  @Override
  public void onEpoch(EpochRecord record, LinearModel model, int bestEpoch) {
    if (progress != null) {
      progress.clear();
    }
    out.println(EpochLine.format(record, model, penalized, bestEpoch));
  }
}
