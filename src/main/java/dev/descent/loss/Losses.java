package dev.descent.loss;

import java.util.List;

/** The losses Descent offers, by setting name. */
public final class Losses {
  private static final List<Loss> ALL =
      List.of(new SquaredLoss(), new LogisticLoss(), new SoftmaxLoss(), new HingeLoss());

  private Losses() {}

  /** Every loss, in documentation order. */
  public static List<Loss> all() {
    return ALL;
  }

  public static List<String> names() {
    return ALL.stream().map(Loss::name).toList();
  }

  /** The loss with this name; throws IllegalArgumentException naming the allowed ones. */
  public static Loss byName(String name) {
    for (Loss l : ALL) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown loss '" + name + "'; allowed: " + names());
  }
}
