package dev.descent.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the rows of a partition to hold out for validation: a fraction of the rows,
 * stratified by class for classifiers (each class contributes {@code round(fraction * n_c)} of
 * its rows in every partition, so the validation set keeps the class balance), chosen by a
 * seeded permutation, so the same seed holds out the same rows.
 */
public final class Holdout {
  private Holdout() {}

  /** {@code out[r]} is true for partition row r held out. */
  public static boolean[] select(double[] labels, LabelDomain domain, double fraction, long seed,
      int partition) {
    boolean[] out = new boolean[labels.length];
    List<List<Integer>> groups = new ArrayList<>();
    if (domain == LabelDomain.REAL) {
      List<Integer> all = new ArrayList<>();
      for (int r = 0; r < labels.length; r++) {
        all.add(r);
      }
      groups.add(all);
    } else {
      for (int r = 0; r < labels.length; r++) {
        int c = (int) labels[r];
        while (groups.size() <= c) {
          groups.add(new ArrayList<>());
        }
        groups.get(c).add(r);
      }
    }
    for (int c = 0; c < groups.size(); c++) {
      List<Integer> rows = groups.get(c);
      int take = (int) Math.round(fraction * rows.size());
      RowPermutation order = new RowPermutation(rows.size(),
          RowPermutation.seedFor(seed, -2 - c, partition));
      for (int i = 0; i < take; i++) {
        out[rows.get((int) order.at(i))] = true;
      }
    }
    return out;
  }
}
