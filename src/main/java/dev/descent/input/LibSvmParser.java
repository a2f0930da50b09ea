package dev.descent.input;

import dev.descent.data.BadRecord;
import dev.descent.data.LabelDomain;
import dev.descent.data.LineParser;
import dev.descent.data.MutableRow;
import dev.descent.data.Numbers;

/**
 * LIBSVM lines: {@code label index:value index:value ...} with 1-based, strictly increasing
 * indices, separated by spaces or tabs. Blank lines and lines starting with {@code #} are skipped;
 * a {@code #} after the features starts a trailing comment.
 */
public final class LibSvmParser implements LineParser {
  private static final long serialVersionUID = 1L;

  /** Largest index a Java array can address after the shift to 0-based. */
  static final long MAX_INDEX = Integer.MAX_VALUE - 8;

  private final int numFeatures; // 0 = not given
  private final LabelDomain domain;
  private final int numClasses;
  private final String dimension; // how errors name numFeatures

  /**
   * @param numFeatures the declared dimension, or 0 to infer it
   * @param numClasses for {@link LabelDomain#CLASSES}, the declared number of classes or 0
   */
  public LibSvmParser(int numFeatures, LabelDomain domain, int numClasses) {
    this(numFeatures, domain, numClasses, "numFeatures=" + numFeatures);
  }

  /** @param dimension how errors name the dimension, e.g. "the model's 13 features" */
  public LibSvmParser(int numFeatures, LabelDomain domain, int numClasses, String dimension) {
    this.numFeatures = numFeatures;
    this.domain = domain;
    this.numClasses = numClasses;
    this.dimension = dimension;
  }

  @Override
  public boolean parse(byte[] b, int length, MutableRow row) throws BadRecord {
    row.clear();
    int end = length;
    int i = skipBlanks(b, 0, end);
    if (i == end || b[i] == '#') {
      return false;
    }
    int tokenEnd = tokenEnd(b, i, end);
    row.setLabel(label(b, i, tokenEnd), domain, numClasses);
    i = skipBlanks(b, tokenEnd, end);
    int previous = 0;
    while (i < end && b[i] != '#') {
      tokenEnd = tokenEnd(b, i, end);
      int colon = -1;
      for (int j = i; j < tokenEnd; j++) {
        if (b[j] == ':') {
          colon = j;
          break;
        }
      }
      if (colon < 0) {
        throw new BadRecord("feature " + Numbers.excerpt(b, i, tokenEnd)
            + " is not of the form index:value");
      }
      if (colon - i == 3 && b[i] == 'q' && b[i + 1] == 'i' && b[i + 2] == 'd') {
        throw new BadRecord("qid (ranking groups) is not supported");
      }
      long index = Numbers.parseIndex(b, i, colon, MAX_INDEX);
      if (index == 0) {
        throw new BadRecord("feature index 0 is not allowed: LIBSVM indices start at 1");
      }
      if (numFeatures > 0 && index > numFeatures) {
        throw new BadRecord("feature index " + index + " is beyond " + dimension);
      }
      if (index <= previous) {
        throw new BadRecord("feature index " + index + " follows index " + previous
            + ": indices must be strictly increasing");
      }
      double value;
      try {
        value = Numbers.parse(b, colon + 1, tokenEnd);
      } catch (BadRecord e) {
        throw new BadRecord("feature " + index + ": " + e.getMessage());
      }
      if (Math.abs(value) > Numbers.MAX_MAGNITUDE) {
        throw Numbers.tooLarge(value, "feature " + index + ":");
      }
      row.add((int) index - 1, value);
      previous = (int) index;
      i = skipBlanks(b, tokenEnd, end);
    }
    return true;
  }

  /** The label, the line's first token; a message that says so when it is not a number. */
  private static double label(byte[] b, int from, int to) throws BadRecord {
    try {
      return Numbers.parse(b, from, to);
    } catch (BadRecord e) {
      boolean feature = false;
      for (int j = from; j < to; j++) {
        feature |= b[j] == ':';
      }
      throw new BadRecord("label: " + e.getMessage() + (feature
          ? " (the line starts with a feature: a LIBSVM line starts with its label)" : ""));
    }
  }

  private static int skipBlanks(byte[] b, int i, int end) {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  private static int tokenEnd(byte[] b, int i, int end) {
    while (i < end && b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
      i++;
    }
    return i;
  }
}
