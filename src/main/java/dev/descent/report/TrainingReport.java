package dev.descent.report;

import dev.descent.config.Settings;
import dev.descent.engine.ClassifierScores;
import dev.descent.engine.TrainResult;
import dev.descent.optim.stopping.EpochRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code report.html}: a training run as a page a person can read, written beside
 * {@code model.json} and {@code metrics.json}. Self-contained: inline CSS and inline SVG, no
 * scripts, fonts, images or links to fetch (its Content-Security-Policy forbids them), so it
 * opens the same from HDFS, a laptop or a mail attachment. It shows the status (and for a
 * diverged run the likely cause), loss, learning-rate and gradient-norm curves per epoch,
 * final metrics (for classifiers a ROC curve and a confusion matrix), the data, the timings,
 * a table of every epoch and the settings.
 */
public final class TrainingReport {
  public static final String FILE_NAME = "report.html";

  static final String LOSS_COLOUR = "#1f77b4";
  static final String OBJECTIVE_COLOUR = "#ff7f0e";
  static final String VALIDATION_COLOUR = "#2ca02c";
  static final String RATE_COLOUR = "#9467bd";
  static final String GRADIENT_COLOUR = "#8c564b";
  static final String ROC_COLOUR = "#d62728";

  private TrainingReport() {}

  public static byte[] of(TrainResult r) {
    return html(r).getBytes(StandardCharsets.UTF_8);
  }

  static String html(TrainResult r) {
    Map<String, String> settings = r.model().settings();
    String loss = r.model().lossName();
    String optimizer = settings.getOrDefault(Settings.OPTIMIZER.key(), "");
    StringBuilder s = new StringBuilder(32_768);
    s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .append(" style-src 'unsafe-inline'\">")
        .append("<title>Descent training report: ").append(Html.escape(loss)).append(", ")
        .append(r.status().json()).append("</title><style>").append(ReportStyle.CSS)
        .append("</style></head><body><main>\n");
    header(s, r, loss, optimizer, settings);
    cards(s, r);
    curves(s, r, optimizer);
    finalMetrics(s, r);
    s.append("<div class=\"pair\">");
    ReportTables.data(s, r, settings);
    ReportTables.timings(s, r);
    s.append("</div>");
    ReportTables.epochs(s, r, optimizer);
    ReportTables.settings(s, settings);
    s.append("<footer>Written by Descent beside <code>metrics.json</code>")
        .append(r.diverged() ? "" : " and <code>model.json</code>")
        .append(". Self-contained: nothing is loaded from the network.</footer>\n")
        .append("</main></body></html>\n");
    return s.toString();
  }

  private static void header(StringBuilder s, TrainResult r, String loss, String optimizer,
      Map<String, String> settings) {
    String input = settings.getOrDefault(Settings.INPUT.key(), "none");
    s.append("<header><h1>Descent training report</h1><p class=\"subtitle\">")
        .append(Html.escape(loss)).append(" loss, ").append(Html.escape(optimizer))
        .append(" optimizer");
    if (!input.equals("none")) {
      s.append(", on <code>").append(Html.escape(input)).append("</code>");
    }
    s.append("</p><p class=\"status\"><span class=\"badge ").append(r.status().json())
        .append("\">").append(r.status().json()).append("</span> ")
        .append(Html.escape(capitalized(r.reason()))).append(".</p>");
    if (r.advice() != null) {
      s.append("<div class=\"advice\"><strong>Likely cause:</strong> ")
          .append(Html.escape(r.advice())).append("</div>");
    }
    if (r.diverged()) {
      s.append("<p class=\"note\">A diverged run writes no model: this directory holds only"
          + " <code>metrics.json</code> and this report, and no <code>_SUCCESS</code>.</p>");
    }
    s.append("</header>\n");
  }

  /**
   * The figures of the returned model: under early stopping, of the best epoch, which the
   * labels name when it is not the last.
   */
  private static void cards(StringBuilder s, TrainResult r) {
    s.append("<section class=\"cards\">");
    EpochRecord returned = r.run().returnedRecord();
    String of = r.run().returnedEarlier() ? " (epoch " + r.run().returnedEpoch() + ")" : "";
    card(s, "epochs", Integer.toString(r.history().size()));
    if (r.run().returnedEarlier()) {
      card(s, "model returned", "epoch " + r.run().returnedEpoch());
    }
    card(s, "final objective" + of, Html.number(r.finalObjective()));
    card(s, "started at", Html.number(r.initialObjective()));
    if (returned != null && returned.hasValidation()) {
      card(s, "validation loss" + of, Html.number(returned.validationLoss()));
      if (r.scores() == null && !Double.isNaN(returned.validationAccuracy())) {
        card(s, "validation accuracy" + of, Html.percent(returned.validationAccuracy()));
      }
    }
    ClassifierScores sc = r.scores();
    if (sc != null) {
      card(s, "accuracy (" + sc.data() + ")", Html.percent(sc.accuracy()));
      if (Double.isFinite(sc.auc())) {
        card(s, (sc.microAveraged() ? "micro-averaged AUC (" : "AUC (") + sc.data() + ")",
            String.format(Locale.ROOT, "%.4f", sc.auc()));
      }
    }
    card(s, "time", Html.seconds(r.run().seconds()));
    s.append("</section>\n");
  }

  private static void card(StringBuilder s, String label, String value) {
    s.append("<div class=\"card\"><div class=\"value\">").append(value)
        .append("</div><div class=\"label\">").append(Html.escape(label)).append("</div></div>");
  }

  private static void curves(StringBuilder s, TrainResult r, String optimizer) {
    List<EpochRecord> h = r.history();
    s.append("<section id=\"curves\"><h2>Training curves</h2>");
    if (h.isEmpty()) {
      s.append("<p>No epoch was completed.</p></section>\n");
      return;
    }
    double[] x = series(h, EpochRecord::epoch);
    double[] loss = series(h, EpochRecord::loss);
    double[] objective = series(h, EpochRecord::objective);
    double[] validation = series(h, EpochRecord::validationLoss);
    boolean penalized = differs(loss, objective);
    boolean validated = h.stream().anyMatch(EpochRecord::hasValidation);
    double[] none = new double[0];
    Plot.Axis epochs = Plot.Axis.epochs(h.get(h.size() - 1).epoch());
    double[] drawnObjective = penalized ? objective : none;
    double[] drawnValidation = validated ? validation : none;
    Plot lossPlot = new Plot(epochs, "epoch",
        Plot.Axis.fit(loss, drawnObjective, drawnValidation), "loss");
    lossPlot.add(new Plot.Series("loss", "training loss", LOSS_COLOUR, x, loss));
    if (penalized) {
      lossPlot.add(new Plot.Series("objective", "objective (loss + penalty)", OBJECTIVE_COLOUR,
          x, objective));
    }
    if (validated) {
      lossPlot.add(new Plot.Series("validation", "validation loss", VALIDATION_COLOUR, x,
          validation));
    }
    s.append("<div class=\"pair\">");
    figure(s, "loss", "Loss per epoch", lossPlot, "Training loss: the weighted mean over the"
        + " epoch's steps, at the parameters before each step."
        + (validated ? " Validation loss: on the validation rows after the epoch." : "")
        + gapNote(lossPlot, loss, drawnObjective, drawnValidation));
    boolean lbfgs = optimizer.equals("lbfgs");
    double[] rate = series(h, EpochRecord::learningRate);
    Plot ratePlot = new Plot(epochs, "epoch", Plot.Axis.fit(rate),
        lbfgs ? "step length" : "learning rate");
    ratePlot.add(new Plot.Series("learningRate", lbfgs ? "step length" : "learning rate",
        RATE_COLOUR, x, rate));
    double[] gradient = series(h, EpochRecord::gradientNorm);
    Plot gradientPlot = new Plot(epochs, "epoch", Plot.Axis.fit(gradient), "gradient norm");
    gradientPlot.add(new Plot.Series("gradientNorm", "gradient norm", GRADIENT_COLOUR, x,
        gradient));
    figure(s, "learning-rate", lbfgs ? "L-BFGS step length per iteration"
        : "Learning rate per epoch", ratePlot, (lbfgs ? "The step length the line search"
        + " accepted." : "The rate of the epoch's last step.") + gapNote(ratePlot, rate));
    figure(s, "gradient-norm", "Gradient norm per epoch", gradientPlot,
        "Euclidean norm of the last step's gradient (in the optimizer's space)."
            + gapNote(gradientPlot, gradient));
    s.append("</div></section>\n");
  }

  static void figure(StringBuilder s, String id, String title, Plot plot,
      String caption) {
    s.append("<figure id=\"chart-").append(id).append("\"><figcaption><strong>")
        .append(Html.escape(title)).append("</strong></figcaption>")
        .append(plot.svg(title)).append(plot.legend()).append("<p class=\"caption\">")
        .append(Html.escape(caption)).append("</p></figure>");
  }

  /** Says why points are missing, when some are. */
  private static String gapNote(Plot plot, double[]... values) {
    boolean nonFinite = false;
    boolean nonPositive = false;
    for (double[] a : values) {
      for (double v : a) {
        nonFinite |= !Double.isFinite(v);
        nonPositive |= plot.yAxis().log() && v <= 0;
      }
    }
    return (nonFinite ? " Infinite and NaN values are not drawn." : "")
        + (nonPositive ? " Zeros are not drawn on the log scale." : "");
  }

  private static void finalMetrics(StringBuilder s, TrainResult r) {
    s.append("<section id=\"metrics\"><h2>Final metrics</h2><table class=\"kv\">");
    Html.row(s, "status", r.status().json());
    Html.row(s, "objective at the start", Html.number(r.initialObjective()));
    Html.row(s, "objective at the returned model", Html.number(r.finalObjective()));
    Html.row(s, "loss at the returned model (training rows)", Html.number(r.run().finalLoss()));
    if (!r.model().isClassifier() && r.run().finalLoss() >= 0) {
      Html.row(s, "RMSE (training rows)", Html.number(Math.sqrt(r.run().finalLoss())));
    }
    if (r.run().returnedEarlier()) {
      Html.row(s, "model returned", "epoch " + r.run().returnedEpoch() + " of " + last(r).epoch()
          + " (early stopping: the lowest validation loss)");
    }
    validationRows(s, r.run().returnedRecord(), "returned model, ");
    EpochRecord last = last(r);
    if (r.run().returnedEarlier()) {
      validationRows(s, last, "last ");
    }
    EpochRecord best = bestValidation(r.history());
    if (best != null && best != r.run().returnedRecord()) {
      Html.row(s, "best validation loss (epoch " + best.epoch() + ")",
          Html.number(best.validationLoss()));
    }
    if (!Double.isNaN(r.run().learningRate())) {
      Html.row(s, "base learning rate", Html.number(r.run().learningRate()));
    }
    if (!Double.isNaN(r.run().curvature())) {
      Html.row(s, "curvature bound L (estimated)", Html.number(r.run().curvature()));
    }
    s.append("</table>");
    ClassifierScores sc = r.scores();
    if (sc != null) {
      s.append("<div class=\"pair\">");
      ClassifierSection.append(s, sc);
      s.append("</div>");
    } else if (r.model().isClassifier()) {
      s.append("<p class=\"note\">No ROC curve or confusion matrix: the model was not scored"
          + (r.diverged() ? " (the run diverged)." : ".") + "</p>");
    }
    s.append("</section>\n");
  }

  /** The validation loss and accuracy of one epoch, as rows labelled "(which epoch N)". */
  private static void validationRows(StringBuilder s, EpochRecord e, String which) {
    if (e == null || !e.hasValidation()) {
      return;
    }
    Html.row(s, "validation loss (" + which + "epoch " + e.epoch() + ")",
        Html.number(e.validationLoss()));
    if (!Double.isNaN(e.validationAccuracy())) {
      Html.row(s, "validation accuracy (" + which + "epoch " + e.epoch() + ")",
          Html.percent(e.validationAccuracy()));
    }
  }

  static double[] series(List<EpochRecord> h, ToDoubleFunction<EpochRecord> f) {
    return h.stream().mapToDouble(f).toArray();
  }

  static boolean differs(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Double.compare(a[i], b[i]) != 0) {
        return true;
      }
    }
    return false;
  }

  private static EpochRecord last(TrainResult r) {
    return r.history().isEmpty() ? null : r.history().get(r.history().size() - 1);
  }

  /** The epoch with the lowest validation loss, or null without validation. */
  static EpochRecord bestValidation(List<EpochRecord> h) {
    EpochRecord best = null;
    for (EpochRecord e : h) {
      if (e.hasValidation() && (best == null || e.validationLoss() < best.validationLoss())) {
        best = e;
      }
    }
    return best;
  }

  private static String capitalized(String s) {
    return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
