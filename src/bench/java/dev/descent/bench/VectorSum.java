package dev.descent.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The STREAM-like read loop on the Vector API (loaded only when the module is present). */
final class VectorSum {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_MAX;

  private VectorSum() {}

  static double sum(double[] x, int from, int to) {
    int l = D.length();
    DoubleVector a0 = DoubleVector.zero(D);
    DoubleVector a1 = DoubleVector.zero(D);
    DoubleVector a2 = DoubleVector.zero(D);
    DoubleVector a3 = DoubleVector.zero(D);
    int i = from;
    for (; i + 4 * l <= to; i += 4 * l) {
      a0 = a0.add(DoubleVector.fromArray(D, x, i));
      a1 = a1.add(DoubleVector.fromArray(D, x, i + l));
      a2 = a2.add(DoubleVector.fromArray(D, x, i + 2 * l));
      a3 = a3.add(DoubleVector.fromArray(D, x, i + 3 * l));
    }
    double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      s += x[i];
    }
    return s;
  }
}
