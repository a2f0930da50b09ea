package dev.descent.optim;

import java.util.EnumSet;
import java.util.Set;

/**
 * A constant of an update rule, by the key of the setting that gives it. Which optimizer reads
 * which is declared with the optimizer ({@link Optimizer#reads}); the values and their defaults
 * are the settings'.
 */
public enum Hyperparameter {
  MOMENTUM("momentum"),
  BETA1("beta1"),
  BETA2("beta2"),
  RHO("rho"),
  EPSILON("epsilon"),
  HISTORY_SIZE("historySize");

  private final String key;

  Hyperparameter(String key) {
    this.key = key;
  }

  /** The key of the setting that gives it. */
  public String key() {
    return key;
  }

  /** The hyperparameter whose setting has this key, or null. */
  public static Hyperparameter byKey(String key) {
    for (Hyperparameter h : values()) {
      if (h.key.equals(key)) {
        return h;
      }
    }
    return null;
  }

  /** The optimizers that read it. */
  public Set<Optimizer> readers() {
    Set<Optimizer> readers = EnumSet.noneOf(Optimizer.class);
    for (Optimizer o : Optimizer.values()) {
      if (o.reads().contains(this)) {
        readers.add(o);
      }
    }
    return readers;
  }
}
