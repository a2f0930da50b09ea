package dev.descent.engine;

import dev.descent.loss.Metrics;

/**
 * How a trained classifier sorts and labels rows it is scored on: a ROC curve and a confusion
 * matrix, for the training report. Sized by the number of bins and classes, never by the rows.
 *
 * @param data which rows were scored: "validation" or "training"
 * @param rows how many
 * @param falsePositiveRate the ROC curve's x coordinates, from 0 to 1 (at most about
 *     2 x bins + partitions + 2 points); empty when a class has no weight
 * @param truePositiveRate the ROC curve's y coordinates, likewise
 * @param auc the exact weighted area under the ROC curve (not that of the binned points);
 *     NaN when a class has no weight. With more than two classes this is the
 *     {@code microAuc} of {@link Metrics}, not the {@code auc} the evaluate command reports
 * @param microAveraged true for more than two classes: the curve pools the K one-vs-rest
 *     problems, every (row, class) pair scored by the row's log-probability of the class
 * @param confusion weighted counts, {@code confusion[true class][predicted class]}
 */
public record ClassifierScores(String data, long rows, double[] falsePositiveRate,
    double[] truePositiveRate, double auc, boolean microAveraged, double[][] confusion) {

  public int numClasses() {
    return confusion.length;
  }

  /** The accuracy ({@link Metrics}) the confusion matrix gives. */
  public double accuracy() {
    return Metrics.accuracy(confusion);
  }

  /** The micro-averaged AUC ({@link Metrics}) when the classes are more than two, else NaN. */
  public double microAuc() {
    return microAveraged ? auc : Double.NaN;
  }
}
