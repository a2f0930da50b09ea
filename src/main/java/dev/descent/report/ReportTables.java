package dev.descent.report;

import dev.descent.config.Setting;
import dev.descent.config.Settings;
import dev.descent.engine.TrainResult;
import dev.descent.optim.stopping.EpochRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's tables: the data, the timings, every epoch, and the settings. */
final class ReportTables {
  private ReportTables() {}

  static void data(StringBuilder s, TrainResult r, Map<String, String> settings) {
    s.append("<section id=\"data\"><h2>Data</h2><table class=\"kv\">");
    Html.row(s, "rows trained on", Long.toString(r.data().rows()));
    if (r.data().validationRows() > 0) {
      String v = settings.getOrDefault(Settings.VALIDATION_INPUT.key(), "none");
      Html.row(s, "validation rows", r.data().validationRows() + (v.equals("none")
          ? " (held out: validationFraction=" + settings.get(Settings.VALIDATION_FRACTION.key())
              + ")" : " (" + v + ")"));
    }
    Html.row(s, "features", Integer.toString(r.data().numFeatures()));
    Html.row(s, "partitions", Integer.toString(r.data().partitions()));
    if (r.model().isClassifier()) {
      Html.row(s, "classes", Integer.toString(Math.max(2, r.model().numClasses())));
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

  static void timings(StringBuilder s, TrainResult r) {
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
    Html.row(s, "whole fit", Html.seconds(r.run().seconds()));
    if (!h.isEmpty()) {
      Html.row(s, "in epochs", Html.seconds(sum));
      Html.row(s, "per epoch, mean", Html.seconds(sum / h.size()));
      Html.row(s, "slowest epoch", Html.seconds(slowest.seconds()) + " (epoch " + slowest.epoch()
          + ")");
      EpochRecord last = h.get(h.size() - 1);
      if (last.rounds() != last.passes()) {
        Html.row(s, "synchronizations per epoch", last.rounds() + (last.rounds() == 1 ? " round"
            : " rounds") + " of local steps, for " + last.passes() + " mini-batch steps"
            + " (syncEvery=" + r.model().settings().getOrDefault("syncEvery", "?") + ")");
      }
      if (r.run().seconds() >= sum) {
        Html.row(s, "outside epochs (statistics, curvature, validation, final objective)",
            Html.seconds(r.run().seconds() - sum));
      }
    }
    s.append("</table></section>\n");
  }

  static void epochs(StringBuilder s, TrainResult r, String optimizer) {
    List<EpochRecord> h = r.history();
    boolean penalized = TrainingReport.differs(TrainingReport.series(h, EpochRecord::loss), TrainingReport.series(h, EpochRecord::objective));
    boolean validated = h.stream().anyMatch(EpochRecord::hasValidation);
    boolean accuracy = h.stream().anyMatch(e -> !Double.isNaN(e.validationAccuracy()));
    EpochRecord best = TrainingReport.bestValidation(h);
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

  static void settings(StringBuilder s, Map<String, String> settings) {
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
}
