package dev.descent.report;

import dev.descent.engine.ClassifierScores;
import java.util.Locale;

/**
 * The report's section on a classifier's scores: the ROC curve (with the model's own threshold
 * for binary losses) and the confusion matrix.
 */
final class ClassifierSection {
  private ClassifierSection() {}

  static void append(StringBuilder s, ClassifierScores sc) {
    String rows = sc.rows() + " " + sc.data() + " rows";
    if (sc.falsePositiveRate().length > 0) {
      Plot roc = new Plot(Plot.Axis.linear(0, 1), "false positive rate", Plot.Axis.linear(0, 1),
          "true positive rate");
      roc.referenceLine(0, 0, 1, 1);
      roc.add(new Plot.Series("roc", sc.microAveraged() ? "ROC, micro-averaged" : "ROC",
          TrainingReport.ROC_COLOUR, sc.falsePositiveRate(), sc.truePositiveRate(), false));
      String caption;
      if (sc.microAveraged()) {
        caption = "Micro-averaged over the " + sc.numClasses() + " one-vs-rest problems (each"
            + " row once per class, scored by its log-probability of the class), on the "
            + rows + ". Micro-averaged AUC " + String.format(Locale.ROOT, "%.4f", sc.auc())
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
      TrainingReport.figure(s, "roc", "ROC curve", roc, caption);
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
}
