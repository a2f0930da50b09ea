package dev.descent.report;

import dev.descent.config.Setting;
import dev.descent.config.Settings;
import dev.descent.engine.ClassifierScores;
import dev.descent.engine.TrainResult;
import dev.descent.optim.stopping.EpochRecord;
import dev.descent.optim.stopping.Status;
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
        .append(r.status().json()).append("</title><style>").append(CSS)
        .append("</style></head><body><main>\n");
    header(s, r, loss, optimizer, settings);
    cards(s, r);
    curves(s, r, optimizer);
    finalMetrics(s, r);
    s.append("<div class=\"pair\">");
    data(s, r, settings);
    timings(s, r);
    s.append("</div>");
    epochs(s, r, optimizer);
    settings(s, settings);
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
        card(s, "AUC (" + sc.data() + ")", String.format(Locale.ROOT, "%.4f", sc.auc()));
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

  private static void figure(StringBuilder s, String id, String title, Plot plot,
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
    row(s, "status", r.status().json());
    row(s, "objective at the start", Html.number(r.initialObjective()));
    row(s, "objective at the returned model", Html.number(r.finalObjective()));
    row(s, "loss at the returned model (training rows)", Html.number(r.run().finalLoss()));
    if (!r.model().isClassifier() && r.run().finalLoss() >= 0) {
      row(s, "RMSE (training rows)", Html.number(Math.sqrt(r.run().finalLoss())));
    }
    if (r.run().returnedEarlier()) {
      row(s, "model returned", "epoch " + r.run().returnedEpoch() + " of " + last(r).epoch()
          + " (early stopping: the lowest validation loss)");
    }
    validationRows(s, r.run().returnedRecord(), "returned model, ");
    EpochRecord last = last(r);
    if (r.run().returnedEarlier()) {
      validationRows(s, last, "last ");
    }
    EpochRecord best = bestValidation(r.history());
    if (best != null && best != r.run().returnedRecord()) {
      row(s, "best validation loss (epoch " + best.epoch() + ")",
          Html.number(best.validationLoss()));
    }
    if (!Double.isNaN(r.run().learningRate())) {
      row(s, "base learning rate", Html.number(r.run().learningRate()));
    }
    if (!Double.isNaN(r.run().curvature())) {
      row(s, "curvature bound L (estimated)", Html.number(r.run().curvature()));
    }
    s.append("</table>");
    ClassifierScores sc = r.scores();
    if (sc != null) {
      s.append("<div class=\"pair\">");
      classifier(s, sc);
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
    row(s, "validation loss (" + which + "epoch " + e.epoch() + ")",
        Html.number(e.validationLoss()));
    if (!Double.isNaN(e.validationAccuracy())) {
      row(s, "validation accuracy (" + which + "epoch " + e.epoch() + ")",
          Html.percent(e.validationAccuracy()));
    }
  }

  private static void classifier(StringBuilder s, ClassifierScores sc) {
    String rows = sc.rows() + " " + sc.data() + " rows";
    if (sc.falsePositiveRate().length > 0) {
      Plot roc = new Plot(Plot.Axis.linear(0, 1), "false positive rate", Plot.Axis.linear(0, 1),
          "true positive rate");
      roc.referenceLine(0, 0, 1, 1);
      roc.add(new Plot.Series("roc", sc.microAveraged() ? "ROC, micro-averaged" : "ROC",
          ROC_COLOUR, sc.falsePositiveRate(), sc.truePositiveRate(), false));
      String caption;
      if (sc.microAveraged()) {
        caption = "Micro-averaged over the " + sc.numClasses() + " one-vs-rest problems (each"
            + " row once per class, scored by its log-probability of the class), on the "
            + rows + ". AUC " + String.format(Locale.ROOT, "%.4f", sc.auc())
            + " (exact; the curve is down-sampled to about 200 points).";
      } else {
        double[][] c = sc.confusion();
        double fpr = c[0][1] / (c[0][0] + c[0][1]);
        double tpr = c[1][1] / (c[1][0] + c[1][1]);
        roc.dot(fpr, tpr, "#222", String.format(Locale.ROOT,
            "the model's threshold (margin 0): FPR %.3f, TPR %.3f", fpr, tpr));
        caption = "On the " + rows + ", scored by the margin. AUC "
            + String.format(Locale.ROOT, "%.4f", sc.auc()) + " (exact; the curve is"
            + " down-sampled to about 200 points). The dark dot is the model's own threshold"
            + " (margin 0), where the confusion matrix is taken.";
      }
      figure(s, "roc", "ROC curve", roc, caption);
    } else {
      s.append("<p class=\"note\">No ROC curve: the " + rows + " hold only one class.</p>");
    }
    confusion(s, sc, rows);
  }

  private static void confusion(StringBuilder s, ClassifierScores sc, String rows) {
    double[][] c = sc.confusion();
    int k = c.length;
    boolean whole = true;
    for (double[] line : c) {
      for (double v : line) {
        whole &= v == Math.rint(v);
      }
    }
    s.append("<figure id=\"confusion\"><figcaption><strong>Confusion matrix</strong>")
        .append("</figcaption><table class=\"confusion\"><thead><tr><th>true \\ predicted</th>");
    for (int p = 0; p < k; p++) {
      s.append("<th>").append(p).append("</th>");
    }
    s.append("<th>recall</th></tr></thead><tbody>");
    double[] columns = new double[k];
    for (int t = 0; t < k; t++) {
      double total = 0;
      for (int p = 0; p < k; p++) {
        total += c[t][p];
        columns[p] += c[t][p];
      }
      s.append("<tr><th>").append(t).append("</th>");
      for (int p = 0; p < k; p++) {
        double share = total > 0 ? c[t][p] / total : 0;
        String colour = t == p ? "31,119,180" : "214,39,40";
        s.append(String.format(Locale.ROOT, "<td style=\"background:rgba(%s,%.3f)\">",
            colour, 0.08 + 0.6 * share))
            .append(whole ? String.format(Locale.ROOT, "%.0f", c[t][p]) : Html.number(c[t][p]))
            .append("<small>").append(Html.percent(share)).append("</small></td>");
      }
      s.append("<td>").append(Html.percent(c[t][t] / total)).append("</td></tr>");
    }
    s.append("</tbody><tfoot><tr><th>precision</th>");
    for (int p = 0; p < k; p++) {
      s.append("<td>").append(Html.percent(c[p][p] / columns[p])).append("</td>");
    }
    s.append("<td></td></tr></tfoot></table><p class=\"caption\">")
        .append(Html.escape((whole ? "Rows" : "Instance weights") + " of the " + rows
            + " by true class (row) and predicted class (column); accuracy "
            + Html.percent(sc.accuracy()) + ". The cell percentages are of the row."))
        .append("</p></figure>");
  }

  private static void data(StringBuilder s, TrainResult r, Map<String, String> settings) {
    s.append("<section id=\"data\"><h2>Data</h2><table class=\"kv\">");
    row(s, "rows trained on", Long.toString(r.data().rows()));
    if (r.data().validationRows() > 0) {
      String v = settings.getOrDefault(Settings.VALIDATION_INPUT.key(), "none");
      row(s, "validation rows", r.data().validationRows() + (v.equals("none")
          ? " (held out: validationFraction=" + settings.get(Settings.VALIDATION_FRACTION.key())
              + ")" : " (" + v + ")"));
    }
    row(s, "features", Integer.toString(r.data().numFeatures()));
    row(s, "partitions", Integer.toString(r.data().partitions()));
    if (r.model().isClassifier()) {
      row(s, "classes", Integer.toString(Math.max(2, r.model().numClasses())));
    }
    s.append("</table>");
    long[] counts = r.data().classCounts();
    if (counts.length > 0) {
      long total = 0;
      for (long c : counts) {
        total += c;
      }
      s.append("<h3>Class balance (training rows)</h3><table class=\"balance\"><thead><tr>")
          .append("<th>class</th><th>rows</th><th>share</th><th></th></tr></thead><tbody>");
      for (int c = 0; c < counts.length; c++) {
        double share = total > 0 ? (double) counts[c] / total : 0;
        s.append("<tr><td>").append(c).append("</td><td>").append(counts[c])
            .append("</td><td>").append(Html.percent(share))
            .append("</td><td class=\"bar\"><span style=\"width:")
            .append(String.format(Locale.ROOT, "%.1f", 100 * share))
            .append("%\"></span></td></tr>");
      }
      s.append("</tbody></table>");
    }
    s.append("</section>\n");
  }

  private static void timings(StringBuilder s, TrainResult r) {
    List<EpochRecord> h = r.history();
    double sum = 0;
    EpochRecord slowest = null;
    for (EpochRecord e : h) {
      sum += e.seconds();
      if (slowest == null || e.seconds() > slowest.seconds()) {
        slowest = e;
      }
    }
    s.append("<section id=\"timings\"><h2>Timings</h2><table class=\"kv\">");
    row(s, "whole fit", Html.seconds(r.run().seconds()));
    if (!h.isEmpty()) {
      row(s, "in epochs", Html.seconds(sum));
      row(s, "per epoch, mean", Html.seconds(sum / h.size()));
      row(s, "slowest epoch", Html.seconds(slowest.seconds()) + " (epoch " + slowest.epoch()
          + ")");
      EpochRecord last = h.get(h.size() - 1);
      if (last.rounds() != last.passes()) {
        row(s, "synchronizations per epoch", last.rounds() + (last.rounds() == 1 ? " round"
            : " rounds") + " of local steps, for " + last.passes() + " mini-batch steps"
            + " (syncEvery=" + r.model().settings().getOrDefault("syncEvery", "?") + ")");
      }
      if (r.run().seconds() >= sum) {
        row(s, "outside epochs (statistics, curvature, validation, final objective)",
            Html.seconds(r.run().seconds() - sum));
      }
    }
    s.append("</table></section>\n");
  }

  private static void epochs(StringBuilder s, TrainResult r, String optimizer) {
    List<EpochRecord> h = r.history();
    boolean penalized = differs(series(h, EpochRecord::loss), series(h, EpochRecord::objective));
    boolean validated = h.stream().anyMatch(EpochRecord::hasValidation);
    boolean accuracy = h.stream().anyMatch(e -> !Double.isNaN(e.validationAccuracy()));
    EpochRecord best = bestValidation(h);
    s.append("<section id=\"epochs\"><h2>Epochs</h2><table class=\"epochs\"><thead><tr>")
        .append("<th>epoch</th><th>loss</th>");
    if (penalized) {
      s.append("<th>objective</th>");
    }
    if (validated) {
      s.append("<th>validation loss</th>");
    }
    if (accuracy) {
      s.append("<th>validation accuracy</th>");
    }
    s.append("<th>").append(optimizer.equals("lbfgs") ? "step length" : "learning rate")
        .append("</th><th>gradient norm</th><th>seconds</th></tr></thead><tbody>");
    for (EpochRecord e : h) {
      boolean bad = !Double.isFinite(e.loss()) || !Double.isFinite(e.objective())
          || !Double.isFinite(e.gradientNorm());
      s.append("<tr").append(bad ? " class=\"bad\"" : e == best ? " class=\"best\"" : "")
          .append("><td>").append(e.epoch()).append("</td><td>").append(Html.number(e.loss()))
          .append("</td>");
      if (penalized) {
        s.append("<td>").append(Html.number(e.objective())).append("</td>");
      }
      if (validated) {
        s.append("<td>").append(Html.number(e.validationLoss())).append("</td>");
      }
      if (accuracy) {
        s.append("<td>").append(Html.percent(e.validationAccuracy())).append("</td>");
      }
      s.append("<td>").append(Html.number(e.learningRate())).append("</td><td>")
          .append(Html.number(e.gradientNorm())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", e.seconds())).append("</td></tr>");
    }
    s.append("</tbody></table>");
    if (best != null && h.size() > 1) {
      s.append("<p class=\"caption\">The highlighted epoch has the lowest validation loss.</p>");
    }
    s.append("</section>\n");
  }

  private static void settings(StringBuilder s, Map<String, String> settings) {
    s.append("<section id=\"settings\"><h2>Settings</h2><table class=\"settings\"><thead><tr>")
        .append("<th>key</th><th>value</th><th>default</th></tr></thead><tbody>");
    for (Map.Entry<String, String> e : settings.entrySet()) {
      Setting<?> declared = Settings.byKey(e.getKey());
      String fallback = declared == null ? "" : declared.defaultText();
      boolean set = !e.getValue().equals(fallback);
      s.append("<tr").append(set ? " class=\"set\"" : "").append("><td><code>")
          .append(Html.escape(e.getKey())).append("</code></td><td>")
          .append(Html.escape(e.getValue())).append("</td><td>").append(Html.escape(fallback))
          .append("</td></tr>");
    }
    s.append("</tbody></table><p class=\"caption\">Every setting of the run; those that differ"
        + " from the default are in bold.</p></section>\n");
  }

  private static void row(StringBuilder s, String key, String value) {
    s.append("<tr><th>").append(Html.escape(key)).append("</th><td>").append(value)
        .append("</td></tr>");
  }

  private static double[] series(List<EpochRecord> h, ToDoubleFunction<EpochRecord> f) {
    return h.stream().mapToDouble(f).toArray();
  }

  private static boolean differs(double[] a, double[] b) {
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
  private static EpochRecord bestValidation(List<EpochRecord> h) {
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

  private static final String CSS = String.join("\n",
      "*{box-sizing:border-box}",
      "body{margin:0;background:#f6f7f9;color:#222;font:14px/1.45 system-ui,-apple-system,"
          + "'Segoe UI',Roboto,'Helvetica Neue','DejaVu Sans',Arial,sans-serif}",
      "main{max-width:1440px;margin:0 auto;padding:20px 28px 40px}",
      "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;"
          + "border-bottom:1px solid #dde;padding-bottom:4px}h3{font-size:15px;margin:16px 0 8px}",
      ".subtitle{margin:0;color:#555}.status{font-size:15px;margin:10px 0}",
      ".badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;"
          + "font-weight:600;text-transform:uppercase;font-size:12px;letter-spacing:.04em}",
      ".badge.converged{background:#2e7d32}.badge.finished{background:#1565c0}"
          + ".badge.diverged{background:#c62828}",
      ".advice{background:#fdecea;border-left:4px solid #c62828;padding:10px 14px;margin:8px 0}",
      ".note{color:#555;font-style:italic}",
      ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}",
      ".card{background:#fff;border:1px solid #dde;border-radius:8px;padding:10px 16px;"
          + "min-width:140px}",
      ".card .value{font-size:20px;font-weight:600}.card .label{color:#666;font-size:12px}",
      "figure{margin:0 0 18px;background:#fff;border:1px solid #dde;border-radius:8px;"
          + "padding:12px;display:inline-block;vertical-align:top;max-width:100%}",
      ".pair{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}",
      ".pair>figure{flex:0 1 560px;min-width:0}",
      ".pair>section{flex:0 1 auto;margin-right:40px}",
      ".pair>figure#confusion{flex:0 0 auto}",
      "#confusion .caption{max-width:380px}",
      "#metrics>table.kv{margin-bottom:16px}",
      "svg.chart{display:block;width:100%;height:auto}",
      "svg.chart text{font-size:11px;fill:#444}svg.chart text.axis-label{font-size:12px;"
          + "fill:#222}",
      ".legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;margin-top:4px}",
      ".legend i{display:inline-block;width:18px;height:3px;margin-right:6px;"
          + "vertical-align:middle}",
      ".caption{color:#555;font-size:12px;max-width:640px;margin:6px 0 0}",
      "table{border-collapse:collapse;background:#fff}",
      "th,td{border:1px solid #dde;padding:4px 10px;text-align:right}",
      "thead th{background:#eef1f5}table.kv th{text-align:left;font-weight:normal;color:#444}",
      "table.kv td{font-variant-numeric:tabular-nums}",
      "table.epochs{font-variant-numeric:tabular-nums;font-size:13px}",
      "table.epochs tr.best td{background:#e8f5e9;font-weight:600}",
      "table.epochs tr.bad td{color:#c62828}",
      "table.settings td,table.settings th{text-align:left}",
      "table.settings tr.set td{font-weight:600}",
      "table.confusion td{min-width:80px;font-variant-numeric:tabular-nums}",
      "table.confusion small{display:block;color:#555}",
      "table.balance td.bar{width:240px;text-align:left}",
      "table.balance td.bar span{display:inline-block;height:10px;background:#1f77b4}",
      "code{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;"
          + "font-size:12.5px}",
      "footer{margin-top:32px;color:#777;font-size:12px}");
}
