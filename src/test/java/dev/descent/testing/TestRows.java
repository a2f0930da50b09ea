package dev.descent.testing;

import dev.descent.data.BadRecord;
import dev.descent.data.Block;
import dev.descent.data.BlockBuilder;
import dev.descent.data.DenseBlock;
import dev.descent.data.LabelDomain;
import dev.descent.data.MutableRow;
import dev.descent.data.Precision;
import dev.descent.data.SparseBlock;
import dev.descent.loss.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Random training rows held as plain arrays, independent of the packed formats, and ways to pack
 * them into blocks (through {@link BlockBuilder}, or straight into a dense or a sparse block).
 */
public final class TestRows {
  private TestRows() {}

  /** One row: 0-based ascending indices, values, stored (encoded) label and instance weight. */
  public record Row(int[] indices, double[] values, double label, double weight) {
    /** One past the largest index, 0 for a row without features. */
    public int width() {
      return indices.length == 0 ? 0 : indices[indices.length - 1] + 1;
    }
  }

  /** How a random row's features are laid out. */
  public enum Shape {
    /** Every column of a prefix [0, w) stored (w = the full width for most rows, narrower for some). */
    DENSE,
    /** A few random columns per row, some rows empty. */
    SPARSE
  }

  /**
   * {@code n} random rows of at most {@code width} columns, labels drawn for {@code loss} with
   * {@code classes} classes, weights random (some 0, some 1) when {@code weighted}, else all 1.
   */
  public static List<Row> random(Random rnd, int n, int width, Shape shape, Loss loss, int classes,
      boolean weighted) {
    List<Row> rows = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      int[] idx;
      if (shape == Shape.DENSE) {
        int w = rnd.nextInt(4) == 0 ? rnd.nextInt(width + 1) : width;
        idx = new int[w];
        for (int j = 0; j < w; j++) {
          idx[j] = j;
        }
      } else {
        double p = width <= 3 ? 0.4 : Math.min(0.5, 4.0 / width);
        idx = IntStream.range(0, width).filter(j -> rnd.nextDouble() < p)
            .toArray();
      }
      double[] val = new double[idx.length];
      for (int i = 0; i < val.length; i++) {
        // A few explicitly stored zeros, otherwise values of mixed magnitude.
        val[i] = rnd.nextInt(20) == 0 ? 0.0 : rnd.nextGaussian() * (rnd.nextBoolean() ? 1 : 0.3);
      }
      rows.add(new Row(idx, val, label(rnd, loss, classes), weighted ? weight(rnd) : 1.0));
    }
    return rows;
  }

  /** A stored label valid for {@code loss}: any real, 0/1, or 0..classes-1. */
  public static double label(Random rnd, Loss loss, int classes) {
    switch (loss.labelDomain()) {
      case REAL:
        return rnd.nextGaussian() * 2;
      case BINARY:
        return rnd.nextInt(2);
      case CLASSES:
        return rnd.nextInt(classes);
      default:
        throw new AssertionError();
    }
  }

  private static double weight(Random rnd) {
    int c = rnd.nextInt(10);
    return c == 0 ? 0.0 : c == 1 ? 1.0 : 0.05 + 3 * rnd.nextDouble();
  }

  /** Gaussian vector of length n with standard deviation {@code scale}. */
  public static double[] gaussian(Random rnd, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian() * scale;
    }
    return v;
  }

  /** A random sorted subset of [0, n), each element kept with probability p. */
  public static int[] subset(Random rnd, int n, double p) {
    return IntStream.range(0, n).filter(i -> rnd.nextDouble() < p).toArray();
  }

  /** Fills {@code into} with {@code row}, labelled through the REAL domain (labels are stored as given). */
  public static MutableRow fill(Row row, MutableRow into) {
    into.clear();
    try {
      into.setLabel(row.label(), LabelDomain.REAL, 0);
      into.setWeight(row.weight());
    } catch (BadRecord e) {
      throw new AssertionError(e);
    }
    for (int i = 0; i < row.indices().length; i++) {
      into.add(row.indices()[i], row.values()[i]);
    }
    return into;
  }

  /** The rows packed by a {@link BlockBuilder} with the given byte target. */
  public static List<Block> pack(List<Row> rows, long targetBytes) {
    return pack(rows, targetBytes, Precision.DOUBLE);
  }

  /** The rows packed by a {@link BlockBuilder} with the given byte target and precision. */
  public static List<Block> pack(List<Row> rows, long targetBytes, Precision precision) {
    BlockBuilder builder = new BlockBuilder(targetBytes, precision);
    MutableRow m = new MutableRow();
    for (Row row : rows) {
      builder.add(fill(row, m));
    }
    return builder.finish();
  }

  /** All rows in one {@link DenseBlock}, built directly. */
  public static DenseBlock dense(List<Row> rows) {
    int width = maxWidth(rows);
    double[] values = new double[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      for (int i = 0; i < row.indices().length; i++) {
        values[r * width + row.indices()[i]] = row.values()[i];
      }
    }
    return new DenseBlock(rows.size(), width, values, labels(rows), weights(rows));
  }

  /** All rows in one float {@link DenseBlock}, built directly. */
  public static DenseBlock denseFloat(List<Row> rows) {
    DenseBlock d = dense(rows);
    float[] values = new float[(int) d.storedValues()];
    for (int r = 0; r < d.rows(); r++) {
      for (int j = 0; j < d.width(); j++) {
        values[r * d.width() + j] = (float) d.get(r, j);
      }
    }
    return new DenseBlock(rows.size(), d.width(), values, labels(rows), weights(rows));
  }

  /** All rows in one float {@link SparseBlock}, built directly. */
  public static SparseBlock sparseFloat(List<Row> rows) {
    int[] start = new int[rows.size() + 1];
    for (int r = 0; r < rows.size(); r++) {
      start[r + 1] = start[r] + rows.get(r).indices().length;
    }
    int[] cols = new int[start[rows.size()]];
    float[] vals = new float[cols.length];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      System.arraycopy(row.indices(), 0, cols, start[r], row.indices().length);
      for (int i = 0; i < row.values().length; i++) {
        vals[start[r] + i] = (float) row.values()[i];
      }
    }
    return new SparseBlock(rows.size(), maxWidth(rows), start, cols, vals, labels(rows),
        weights(rows));
  }

  /** The rows with every feature value rounded to float, as float storage holds them. */
  public static List<Row> roundedToFloat(List<Row> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      double[] v = row.values().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) v[i];
      }
      out.add(new Row(row.indices(), v, row.label(), row.weight()));
    }
    return out;
  }

  /** All rows in one {@link SparseBlock}, built directly. */
  public static SparseBlock sparse(List<Row> rows) {
    int[] start = new int[rows.size() + 1];
    for (int r = 0; r < rows.size(); r++) {
      start[r + 1] = start[r] + rows.get(r).indices().length;
    }
    int[] cols = new int[start[rows.size()]];
    double[] vals = new double[cols.length];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      System.arraycopy(row.indices(), 0, cols, start[r], row.indices().length);
      System.arraycopy(row.values(), 0, vals, start[r], row.values().length);
    }
    return new SparseBlock(rows.size(), maxWidth(rows), start, cols, vals, labels(rows),
        weights(rows));
  }

  public static int maxWidth(List<Row> rows) {
    return rows.stream().mapToInt(Row::width).max().orElse(0);
  }

  private static double[] labels(List<Row> rows) {
    return rows.stream().mapToDouble(Row::label).toArray();
  }

  private static double[] weights(List<Row> rows) {
    double[] w = rows.stream().mapToDouble(Row::weight).toArray();
    return Arrays.stream(w).allMatch(v -> v == 1.0) ? null : w;
  }

  /** Row {@code row}'s value in {@code column}, 0 when not stored. */
  public static double value(Row row, int column) {
    int i = Arrays.binarySearch(row.indices(), column);
    return i >= 0 ? row.values()[i] : 0.0;
  }
}
