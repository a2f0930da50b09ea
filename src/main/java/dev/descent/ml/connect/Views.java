package dev.descent.ml.connect;

import dev.descent.ml.DescentModel;
import dev.descent.model.LinearModel;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.GeneralMLWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;

/**
 * What the Connect classes share: a Connect class stands for a Descent object (the delegate)
 * with the delegate's own params (same objects, same uid), and holds the values a client sets in
 * its own param map until it hands them on with {@link #withParamsOf}.
 */
final class Views {
  private Views() {}

  /** Spark ML's model for {@code model}'s loss, standing for it (see the package docs). */
  static Model<?> of(DescentModel model) {
    LinearModel m = model.linearModel();
    switch (m.lossName()) {
      case "squared":
        return new ConnectLinearRegressionModel(model);
      case "logistic":
      case "softmax":
        return new ConnectLogisticRegressionModel(model);
      case "hinge":
        return new ConnectLinearSVCModel(model);
      default:
        throw new IllegalArgumentException("no Spark ML model class stands for loss="
            + m.lossName());
    }
  }

  /** Copies {@code from}'s defaults and set values into {@code to} (params with equal names). */
  static void copyParams(Params from, Params to) {
    for (Param<?> p : from.params()) {
      Param<Object> target = to.getParam(p.name());
      if (from.hasDefault(p)) {
        to.setDefault(target, from.getDefault(p).get());
      }
      if (from.isSet(p)) {
        to.set(target, from.get(p).get());
      }
    }
  }

  /** The delegate with the values set on {@code self} on top of its own. */
  @SuppressWarnings("unchecked")
  static <T extends Params> T withParamsOf(Params self, T delegate) {
    ParamMap set = new ParamMap();
    for (Param<?> p : self.params()) {
      if (self.isSet(p)) {
        set.put((Param<Object>) p, self.get(p).get());
      }
    }
    return (T) delegate.copy(set);
  }

  /** The message for a Connect model that was created by name, without a fitted model. */
  static UnsupportedOperationException empty(String className) {
    return new UnsupportedOperationException(className + " was created without a model;"
        + " fit a dev.descent.ml.connect.ConnectEstimator or load a saved Descent model with"
        + " dev.descent.ml.connect.ConnectModel.load(path)");
  }

  /** Reads a saved DescentModel (a directory DescentModel or a Connect model wrote). */
  static MLReader<Model<?>> reader() {
    return new MLReader<>() {
      @Override
      public Model<?> load(String path) {
        return of(DescentModel.load(path));
      }
    };
  }

  /** Reads a saved DescentModel that {@code type} stands for, or fails naming its loss. */
  static <T> MLReader<T> reader(Class<? extends T> type) {
    return new MLReader<>() {
      @Override
      public T load(String path) {
        Model<?> m = of(DescentModel.load(path));
        if (!type.isInstance(m)) {
          throw new IllegalArgumentException(path + " holds a Descent model that "
              + m.getClass().getSimpleName() + " stands for, not " + type.getSimpleName()
              + "; load it with ConnectModel.load");
        }
        return type.cast(m);
      }
    };
  }

  /** A GeneralMLWriter (the type LinearRegressionModel.write declares) writing the delegate. */
  static GeneralMLWriter generalWriter(ConnectLinearRegressionModel self) {
    return new GeneralMLWriter(self) {
      @Override
      public void saveImpl(String path) {
        MLWriter w = self.descentModel().write();
        w.session(sparkSession());
        w.saveImpl(path);
      }
    };
  }

  static void check(Object delegate, String className) {
    if (delegate == null) {
      throw empty(className);
    }
  }
}
