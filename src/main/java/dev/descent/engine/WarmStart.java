package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.loss.Loss;
import dev.descent.loss.ParameterLayout;
import dev.descent.model.LinearModel;

/** Checks an initial model against the run and lays out its coefficients. */
final class WarmStart {
  private WarmStart() {}

  /**
   * The raw-feature coefficients of {@code model} in {@code layout}.
   *
   * @throws SettingException if the model is of another loss or intercept setting
   * @throws DataException if its dimension or classes do not fit the data
   */
  static double[] coefficients(LinearModel model, Loss loss, ParameterLayout layout,
      TrainingData data) {
    String key = "initialModel";
    if (!model.lossName().equals(loss.name())) {
      throw new SettingException(key, "initialModel was trained with loss=" + model.lossName()
          + ", but this run has loss=" + loss.name());
    }
    if (model.fitIntercept() != layout.intercept()) {
      throw new SettingException(key, "initialModel was trained with intercept="
          + model.fitIntercept() + ", but this run has intercept=" + layout.intercept());
    }
    if (model.numFeatures() != layout.numFeatures()) {
      throw DataException.of(data.source(), "the data has " + layout.numFeatures()
          + " features, but initialModel has " + model.numFeatures()
          + " (set numFeatures to train with the model's dimension)");
    }
    if (model.numClasses() != data.numClasses()) {
      throw DataException.of(data.source(), "the data has " + data.numClasses()
          + " classes, but initialModel has " + model.numClasses()
          + " (set numClasses to keep the model's)");
    }
    double[] w = new double[layout.size()];
    for (int k = 0; k < layout.outputs(); k++) {
      System.arraycopy(model.weights(k), 0, w, layout.weightIndex(k, 0), layout.numFeatures());
      if (layout.intercept()) {
        w[layout.interceptIndex(k)] = model.intercept(k);
      }
    }
    return w;
  }
}
