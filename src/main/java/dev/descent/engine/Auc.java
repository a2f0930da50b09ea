package dev.descent.engine;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import scala.Tuple3;

/**
 * The area under the ROC curve of scored rows, exactly (every distinct score a threshold), by
 * Spark MLlib's {@link BinaryClassificationMetrics}: the sort of the scores happens in Spark's
 * shuffle. Which scores and averages make each reported AUC is {@link dev.descent.loss.Metrics}.
 */
final class Auc {
  private Auc() {}

  /** The AUC of (score, label in {0,1}, weight); NaN if a class is absent. */
  static double exact(JavaRDD<Tuple3<Double, Double, Double>> scoreLabelWeight) {
    BinaryClassificationMetrics metrics =
        new BinaryClassificationMetrics(scoreLabelWeight.rdd(), 0);
    try {
      double a = metrics.areaUnderROC();
      return Double.isFinite(a) ? a : Double.NaN;
    } finally {
      metrics.unpersist();
    }
  }
}
