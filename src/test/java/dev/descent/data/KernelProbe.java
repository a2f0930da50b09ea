package dev.descent.data;

import java.util.Random;

/**
 * Run in a JVM of its own by {@link KernelFallbackTest}: prints which dense kernels this JVM
 * chose, then the largest difference between a dense block's margins and gradient (double and
 * float storage) and a plain loop over the same values.
 */
public final class KernelProbe {
  private KernelProbe() {}

  public static void main(String[] args) {
    Random rnd = new Random(5);
    int rows = 11;
    int width = 37;
    double[] x = new double[rows * width];
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian();
      xf[i] = (float) x[i];
    }
    double[] coef = new double[width];
    double[] mult = new double[rows];
    for (int j = 0; j < width; j++) {
      coef[j] = rnd.nextGaussian();
    }
    for (int r = 0; r < rows; r++) {
      mult[r] = rnd.nextGaussian();
    }
    double worst = 0;
    for (Block b : new Block[] {new DenseBlock(rows, width, x, new double[rows], null),
        new DenseBlock(rows, width, xf, new double[rows], null)}) {
      double[] m = new double[rows];
      double[] g = new double[width];
      b.margins(coef, width, 1, null, rows, m);
      b.addGradient(mult, 1, null, rows, g, width);
      double[] eg = new double[width];
      for (int r = 0; r < rows; r++) {
        double em = 0;
        for (int j = 0; j < width; j++) {
          em += b.get(r, j) * coef[j];
          eg[j] += mult[r] * b.get(r, j);
        }
        worst = Math.max(worst, Math.abs(em - m[r]) / (1 + Math.abs(em)));
      }
      for (int j = 0; j < width; j++) {
        worst = Math.max(worst, Math.abs(eg[j] - g[j]) / (1 + Math.abs(eg[j])));
      }
    }
    System.out.println(Kernels.implementation());
    System.out.println(worst);
  }
}
