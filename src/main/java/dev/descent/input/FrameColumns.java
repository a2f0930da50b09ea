package dev.descent.input;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The DataFrame columns that hold the label, the features and the instance weight.
 *
 * @param label the label column
 * @param features the features column (a Spark ML vector or an array of numbers); ignored when
 *     {@code featureList} is given
 * @param featureList numeric columns to use as the features, in order, or null to use
 *     {@code features}
 * @param weight the instance-weight column, or null when every row weighs 1
 */
public record FrameColumns(String label, String features, List<String> featureList,
    String weight) implements Serializable {

  public FrameColumns {
    featureList = featureList == null ? null : List.copyOf(featureList);
  }

  /** Whether the features come from one vector or array column (rather than a list of columns). */
  public boolean vector() {
    return featureList == null;
  }

  /** The columns read, in the order rows are read: [label], [weight], features... */
  List<String> selected(boolean withLabel) {
    List<String> out = new ArrayList<>();
    if (withLabel) {
      out.add(label);
    }
    if (weight != null) {
      out.add(weight);
    }
    if (vector()) {
      out.add(features);
    } else {
      out.addAll(featureList);
    }
    return out;
  }
}
