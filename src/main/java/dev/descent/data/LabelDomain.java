package dev.descent.data;

/** The labels a loss accepts, and how they are stored once accepted. */
public enum LabelDomain {
  /** A finite number whose square is finite (regression: the loss squares it). */
  REAL,
  /** Any finite number: a label that is read but not used (prediction). */
  ANY,
  /** Binary classes given as 0/1 or as -1/+1 (LIBSVM style); stored as 0/1. */
  BINARY,
  /** Multinomial classes 0..K-1, given as integers. */
  CLASSES;

  /**
   * The stored form of a raw label.
   *
   * @param numClasses for {@link #CLASSES}, the number of classes if known, else 0
   * @throws BadRecord naming the allowed labels
   */
  public double encode(double raw, int numClasses) throws BadRecord {
    switch (this) {
      case REAL:
        Numbers.checkMagnitude(raw, "label");
        return raw;
      case ANY:
        return raw;
      case BINARY:
        if (raw == 1.0) {
          return 1.0;
        }
        if (raw == 0.0 || raw == -1.0) {
          return 0.0;
        }
        throw new BadRecord("label " + Numbers.show(raw)
            + " is not a binary class label (use 0/1 or -1/+1" + (raw >= 2 && raw == Math.rint(raw)
                ? "; for more than two classes, labelled 0..K-1, use loss=softmax)" : ")"));
      case CLASSES:
        if (raw < 0 || raw != Math.rint(raw)) {
          throw new BadRecord("label " + Numbers.show(raw)
              + " is not a class index (use integers 0, 1, ..., K-1)");
        }
        if (numClasses > 0 && raw >= numClasses) {
          throw new BadRecord("label " + Numbers.show(raw) + " is outside 0.." + (numClasses - 1)
              + " (numClasses=" + numClasses + ")");
        }
        if (raw > 1_000_000) {
          throw new BadRecord("label " + Numbers.show(raw) + " is too large for a class index");
        }
        return raw;
      default:
        throw new AssertionError(this);
    }
  }
}
