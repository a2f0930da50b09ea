package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.loss.SquaredLoss;
import dev.descent.testing.ReferenceGradient;
import dev.descent.testing.TestRows;
import dev.descent.testing.TestRows.Row;
import dev.descent.testing.TestRows.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dense and sparse block kernels against plain loops over the raw rows. */
class BlockKernelsTest {
  private static final double TOL = 1e-13;

  @Test
  void dotAndAxpyMatchPlainLoopsAtAnyLengthAndOffset() {
    Random rnd = new Random(1);
    for (int n = 0; n <= 13; n++) {
      double[] x = TestRows.gaussian(rnd, n + 5, 1);
      double[] y = TestRows.gaussian(rnd, n + 7, 1);
      double dot = 0;
      double scale = 0;
      for (int i = 0; i < n; i++) {
        dot += x[2 + i] * y[3 + i];
        scale += Math.abs(x[2 + i] * y[3 + i]);
      }
      ReferenceGradient.assertClose(dot, Kernels.dot(x, 2, y, 3, n), scale, 1e-15, "dot n=" + n);

      double[] z = y.clone();
      Kernels.axpy(0.5, x, 2, z, 3, n);
      for (int i = 0; i < y.length; i++) {
        double expected = i >= 3 && i < 3 + n ? y[i] + 0.5 * x[i - 1] : y[i];
        assertEquals(expected, z[i], "axpy n=" + n + " i=" + i);
      }
    }
  }

  @Test
  void marginsAndGradientsOfSelectedRowsMatchPlainLoops() {
    Random rnd = new Random(2);
    for (Shape shape : Shape.values()) {
      // Widths around the vector lengths (4 and 8 doubles) leave every kind of tail.
      for (int width : new int[] {1, 5, 7, 8, 9, 16, 17, 33}) {
        List<Row> rows = TestRows.random(rnd, 23, width, shape, new SquaredLoss(), 0, true);
        List<Row> rounded = TestRows.roundedToFloat(rows);
        for (Block block : List.of(TestRows.dense(rows), TestRows.sparse(rows),
            TestRows.denseFloat(rows), TestRows.sparseFloat(rows))) {
          // Float blocks compute in double on the stored (rounded) values: same tolerance.
          List<Row> held = block.precision() == Precision.FLOAT ? rounded : rows;
          for (int outputs : new int[] {1, 3}) {
            for (int[] sel : new int[][] {null, {0, 4, 5, 22}, {}}) {
              check(block, held, outputs, width + 3, sel, rnd,
                  shape + " " + block.getClass().getSimpleName() + " " + block.precision()
                      + " width=" + width + " K="
                      + outputs + " sel=" + Arrays.toString(sel));
            }
          }
        }
      }
    }
  }

  /**
   * {@link Block#touch} reads row {@code r}'s values only (every other row holds NaN), one per
   * 64-byte line (8 doubles, 16 floats or ints) plus a dense row's last value; a sparse row's
   * column indices too.
   */
  @Test
  void touchReadsOneValuePerLineOfItsOwnRowOnly() {
    for (int width : new int[] {0, 1, 7, 8, 9, 16, 17, 100}) {
      for (int r = 0; r < 3; r++) {
        double[] x = new double[3 * width];
        float[] f = new float[3 * width];
        Arrays.fill(x, Double.NaN);
        Arrays.fill(f, Float.NaN);
        Arrays.fill(x, r * width, (r + 1) * width, 1);
        Arrays.fill(f, r * width, (r + 1) * width, 1);
        double[] labels = new double[3];
        int lines = width == 0 ? 0 : (width + 7) / 8 + 1;
        int floatLines = width == 0 ? 0 : (width + 15) / 16 + 1;
        assertEquals(lines, new DenseBlock(3, width, x, labels, null).touch(r), "dense " + width);
        assertEquals(floatLines, new DenseBlock(3, width, f, labels, null).touch(r),
            "float " + width);
        int[] start = {0, 0, 0, 0};
        for (int i = 0; i < 3; i++) {
          start[i + 1] = start[i] + (i == r ? width : 5);
        }
        int[] cols = new int[start[3]];
        double[] vals = new double[start[3]];
        Arrays.fill(vals, Double.NaN);
        double expected = 0;
        for (int i = start[r]; i < start[r + 1]; i++) {
          cols[i] = i - start[r];
          vals[i] = 1;
          expected += ((i - start[r]) % 8 == 0 ? 1 : 0) + ((i - start[r]) % 16 == 0 ? cols[i] : 0);
        }
        assertEquals(expected, new SparseBlock(3, width, start, cols, vals, labels, null)
            .touch(r), "sparse " + width);
      }
    }
  }

  private static void check(Block block, List<Row> rows, int k, int stride, int[] sel, Random rnd,
      String what) {
    int count = sel == null ? rows.size() : sel.length;
    int w = block.width();
    // Coefficients past the block's width are poison: a block must not read them.
    double[] coef = new double[k * stride];
    Arrays.fill(coef, Double.NaN);
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < w; j++) {
        coef[c * stride + j] = rnd.nextGaussian();
      }
    }
    double[] margins = new double[count * k];
    block.margins(coef, stride, k, sel, count, margins);
    double[] mult = TestRows.gaussian(rnd, count * k, 1);
    double[] grad = new double[k * stride];
    Arrays.fill(grad, 0.25);
    block.addGradient(mult, k, sel, count, grad, stride);

    double[] expectedGrad = new double[k * stride];
    Arrays.fill(expectedGrad, 0.25);
    for (int p = 0; p < count; p++) {
      Row row = rows.get(sel == null ? p : sel[p]);
      for (int c = 0; c < k; c++) {
        double m = 0;
        double scale = 0;
        for (int i = 0; i < row.indices().length; i++) {
          m += row.values()[i] * coef[c * stride + row.indices()[i]];
          scale += Math.abs(row.values()[i] * coef[c * stride + row.indices()[i]]);
          expectedGrad[c * stride + row.indices()[i]] += mult[p * k + c] * row.values()[i];
        }
        ReferenceGradient.assertClose(m, margins[p * k + c], scale, TOL,
            what + " margin " + p + "," + c);
      }
    }
    for (int i = 0; i < grad.length; i++) {
      assertEquals(expectedGrad[i], grad[i], TOL * (1 + Math.abs(expectedGrad[i])),
          what + " gradient " + i);
    }
  }

  @Test
  void weightedSumsAndCenteredSquaresCountUnstoredZeros() {
    Random rnd = new Random(3);
    for (Shape shape : Shape.values()) {
      List<Row> raw = TestRows.random(rnd, 41, 9, shape, new SquaredLoss(), 0, true);
      int d = 9;
      double[] mean = TestRows.gaussian(rnd, d, 1);
      for (boolean floats : new boolean[] {false, true}) {
        List<Row> rows = floats ? TestRows.roundedToFloat(raw) : raw;
        double[] sums = new double[d];
        double[] squares = new double[d];
        double weight = 0;
        for (Row row : rows) {
          weight += row.weight();
          for (int j = 0; j < d; j++) {
            double x = TestRows.value(row, j);
            sums[j] += row.weight() * x;
            squares[j] += row.weight() * (x - mean[j]) * (x - mean[j]);
          }
        }
        List<Block> blocks = floats ? List.of(TestRows.denseFloat(raw), TestRows.sparseFloat(raw))
            : List.of(TestRows.dense(raw), TestRows.sparse(raw));
        for (Block block : blocks) {
          double[] s = new double[d];
          double[] acc = new double[d];
          double[] storedWeight = new double[d];
          long[] storedRows = new long[d];
          double[] maxAbs = new double[d];
          double[] scale = new double[d];
          Arrays.fill(scale, 1);
          block.addWeightedSums(s, maxAbs);
          block.addCenteredSquares(mean, scale, acc, storedWeight, storedRows);
          for (int j = 0; j < d; j++) {
            assertEquals(sums[j], s[j], 1e-12 * (1 + Math.abs(sums[j])), "sum " + j);
            assertEquals(maxAbs(rows, j), maxAbs[j], 0.0, "largest magnitude " + j);
            assertEquals(stored(rows, j, block, true), storedWeight[j], 1e-12, "stored " + j);
            assertEquals((long) stored(rows, j, block, false), storedRows[j], "stored rows " + j);
            double unstored = weight - storedWeight[j];
            assertEquals(squares[j], acc[j] + unstored * mean[j] * mean[j],
                1e-12 * (1 + squares[j]), "centered squares " + j);
          }
        }
      }
    }
  }

  private static double maxAbs(List<Row> rows, int j) {
    double m = 0;
    for (Row row : rows) {
      m = Math.max(m, Math.abs(TestRows.value(row, j)));
    }
    return m;
  }

  /**
   * The weight (or the number, {@code weight} false) of the rows whose value of feature {@code j}
   * the block stores: every row's within a dense block's width, a sparse block's own values.
   */
  private static double stored(List<Row> rows, int j, Block block, boolean weight) {
    double s = 0;
    for (Row row : rows) {
      boolean held = block instanceof DenseBlock ? j < block.width()
          : Arrays.binarySearch(row.indices(), j) >= 0;
      s += held ? (weight ? row.weight() : 1) : 0;
    }
    return s;
  }

  @Test
  void sizesCountTheStoredArrays() {
    List<Row> rows = List.of(new Row(new int[] {0, 2}, new double[] {1, 2}, 1, 1),
        new Row(new int[] {1}, new double[] {3}, 0, 2));
    Block dense = TestRows.dense(rows);
    Block sparse = TestRows.sparse(rows);
    assertEquals(6, dense.storedValues());
    assertEquals(3, sparse.storedValues());
    assertEquals(8 * 6 + 8 * 2 + 8 * 2, dense.sizeInBytes());
    assertEquals(12 * 3 + 4 * 3 + 8 * 2 + 8 * 2, sparse.sizeInBytes());
    assertEquals(4 * 6 + 8 * 2 + 8 * 2, TestRows.denseFloat(rows).sizeInBytes());
    assertEquals(8 * 3 + 4 * 3 + 8 * 2 + 8 * 2, TestRows.sparseFloat(rows).sizeInBytes());
  }
}
