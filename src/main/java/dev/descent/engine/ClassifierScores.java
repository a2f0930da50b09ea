package dev.descent.engine;

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
 *     NaN when a class has no weight
 * @param microAveraged true for more than two classes: the curve pools the K one-vs-rest
 *     problems, every (row, class) pair scored by the row's log-probability of the class
 * @param confusion weighted counts, {@code confusion[true class][predicted class]}
 */
public record ClassifierScores(String data, long rows, double[] falsePositiveRate,
    double[] truePositiveRate, double auc, boolean microAveraged, double[][] confusion) {

  public int numClasses() {
    return confusion.length;
  }

  /** Weight of the rows whose predicted class is their class, over the total weight. */
  public double accuracy() {
    double right = 0;
    double all = 0;
    for (int t = 0; t < confusion.length; t++) {
      for (int p = 0; p < confusion.length; p++) {
        all += confusion[t][p];
        right += t == p ? confusion[t][p] : 0;
      }
    }
    return right / all;
  }
}
