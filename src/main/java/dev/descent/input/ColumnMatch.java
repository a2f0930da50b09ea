package dev.descent.input;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's features found by name among the columns an input has: where each feature is, and
 * what does not fit (features the input lacks or names twice, columns the model does not use).
 * Names match exactly. Needs no Spark.
 *
 * @param positions for each wanted feature, its index among the available names (-1: missing)
 * @param missing wanted names the input does not have, in the model's order
 * @param repeated wanted names the input has more than once
 * @param extra available names the model does not use, in the input's order
 */
public record ColumnMatch(int[] positions, List<String> missing, List<String> repeated,
    List<String> extra) {

  /** Finds {@code wanted} (distinct names) among {@code available}. */
  public static ColumnMatch of(List<String> wanted, List<String> available) {
    Map<String, Integer> at = new HashMap<>();
    Set<String> twice = new HashSet<>();
    for (int i = 0; i < available.size(); i++) {
      if (at.putIfAbsent(available.get(i), i) != null) {
        twice.add(available.get(i));
      }
    }
    int[] positions = new int[wanted.size()];
    List<String> missing = new ArrayList<>();
    List<String> repeated = new ArrayList<>();
    for (int j = 0; j < positions.length; j++) {
      String name = wanted.get(j);
      Integer i = at.get(name);
      positions[j] = i == null ? -1 : i;
      if (i == null) {
        missing.add(name);
      } else if (twice.contains(name)) {
        repeated.add(name);
      }
    }
    Set<String> used = new HashSet<>(wanted);
    List<String> extra = new ArrayList<>();
    for (String a : available) {
      if (!used.contains(a)) {
        extra.add(a);
      }
    }
    return new ColumnMatch(positions, List.copyOf(missing), List.copyOf(repeated),
        List.copyOf(extra));
  }

  /** Whether every wanted feature was found exactly once. */
  public boolean complete() {
    return missing.isEmpty() && repeated.isEmpty();
  }

  /** Whether the features are the available columns, in order, and nothing else. */
  public boolean identity() {
    for (int j = 0; j < positions.length; j++) {
      if (positions[j] != j) {
        return false;
      }
    }
    return extra.isEmpty() && complete();
  }

  /**
   * What is wrong, for an error: the features the input lacks or repeats, with the model's
   * features and the input's names (null if complete).
   *
   * @param input how the message names the input's columns, e.g. "the header"
   */
  public String problem(List<String> wanted, List<String> available, String input) {
    if (complete()) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    if (!missing.isEmpty()) {
      s.append(input).append(" has no column for the model's feature")
          .append(missing.size() == 1 ? " " : "s ").append(quoted(missing));
    }
    if (!repeated.isEmpty()) {
      s.append(s.length() == 0 ? "" : ", and ").append(input).append(" names ")
          .append(quoted(repeated)).append(" more than once");
    }
    return s.append(" (the model's features: ").append(String.join(", ", wanted))
        .append("; ").append(input).append(" has: ").append(String.join(", ", available))
        .append(")").toString();
  }

  /**
   * The names as a model can record them: every one non-empty and distinct; else null (such
   * columns cannot be matched by name).
   */
  public static List<String> recordable(List<String> names) {
    if (names == null || names.isEmpty() || new HashSet<>(names).size() != names.size()
        || names.stream().anyMatch(n -> n == null || n.isEmpty())) {
      return null;
    }
    return List.copyOf(names);
  }

  private static String quoted(List<String> names) {
    List<String> q = new ArrayList<>();
    names.forEach(n -> q.add("'" + n + "'"));
    return String.join(", ", q);
  }
}
