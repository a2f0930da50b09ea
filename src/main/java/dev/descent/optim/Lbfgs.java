package dev.descent.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limited-memory BFGS for full-batch training, with OWL-QN (Andrew and Gao 2007) when an L1
 * penalty is present. Each {@link #iterate} is one quasi-Newton iteration: a two-loop recursion
 * for the direction, then a line search whose every trial is one evaluation of the objective
 * (one distributed pass over the data in training).
 *
 * <p>Lifecycle: construct at the starting point, {@link #start} evaluates it, then
 * {@link #iterate} until a stopping rule says otherwise. {@link #state}/{@link #restore} carry the
 * point, its value and gradient, and the correction pairs, for checkpoints.
 *
 * <p>The smooth part {@code f} (data loss and L2 penalty) comes from a {@link Function}; the L1
 * part {@code l1 * sum_{i < numL1} |x_i|} is handled here. Without L1 the line search enforces
 * the strong Wolfe conditions (Nocedal and Wright, Algorithms 3.5 and 3.6), which keeps every
 * correction pair positive definite; with L1 it backtracks along the orthant-projected path.
 *
 * <p>(Over 300 lines: one algorithm; the two-loop recursion and both line searches share its
 * state.)
 */
public final class Lbfgs {

  /** The smooth part of the objective: returns its value and writes its gradient. */
  public interface Function {
    double evaluate(double[] x, double[] gradient);
  }

  /** What one iteration did. */
  public record Step(boolean moved, double stepLength, int evaluations) {}

  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_LINE_SEARCH = 25;

  private final int memory;
  private final double l1;
  private final int numL1;
  private final int n;
  private double[] x;
  private double[] g;
  private double f;
  private final double[][] s;
  private final double[][] y;
  private final double[] rho;
  private int pairs;
  private int newest = -1;
  private long iterations;

  /**
   * @param x0 the starting point (copied)
   * @param memory number of correction pairs kept
   * @param l1 the L1 coefficient ({@code lambda * alpha}), 0 for none
   * @param numL1 the L1 penalty covers coordinates {@code [0, numL1)} (not the intercepts)
   */
  public Lbfgs(double[] x0, int memory, double l1, int numL1) {
    this.n = x0.length;
    this.x = x0.clone();
    this.g = new double[n];
    this.memory = memory;
    this.l1 = l1;
    this.numL1 = numL1;
    this.s = new double[memory][];
    this.y = new double[memory][];
    this.rho = new double[memory];
  }

  /** Evaluates the starting point. */
  public void start(Function fn) {
    f = fn.evaluate(x, g);
  }

  /** The current point (a live view; do not modify). */
  public double[] x() {
    return x;
  }

  /** Smooth part plus L1 at the current point. */
  public double objective() {
    return f + l1Value(x);
  }

  /** Smooth part at the current point. */
  public double smoothValue() {
    return f;
  }

  public long iterations() {
    return iterations;
  }

  /** Norm of the (pseudo-)gradient at the current point: zero exactly at an optimum. */
  public double gradientNorm() {
    return Math.sqrt(dot(pseudoGradient(), pseudoGradient()));
  }

  /** One iteration. {@code moved == false} means no step decreased the objective. */
  public Step iterate(Function fn) {
    double[] pg = pseudoGradient();
    double[] d = direction(pg);
    if (dot(d, pg) >= 0) {
      pairs = 0; // a stale curvature model; restart from steepest descent
      d = direction(pg);
    }
    if (dot(d, pg) >= 0) {
      return new Step(false, 0, 0); // zero pseudo-gradient: optimal
    }
    double initial = iterations == 0 && pairs == 0 ? Math.min(1.0, 1.0 / Math.sqrt(dot(d, d))) : 1.0;
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    LineResult r = l1 > 0
        ? backtrack(fn, d, pg, initial, xNew, gNew)
        : wolfe(fn, d, dot(g, d), initial, xNew, gNew);
    if (!r.accepted) {
      return new Step(false, 0, r.evaluations);
    }
    double[] sNew = new double[n];
    double[] yNew = new double[n];
    for (int i = 0; i < n; i++) {
      sNew[i] = xNew[i] - x[i];
      yNew[i] = gNew[i] - g[i];
    }
    double sy = dot(sNew, yNew);
    if (sy > 1e-10 * Math.sqrt(dot(sNew, sNew) * dot(yNew, yNew))) {
      newest = (newest + 1) % memory;
      s[newest] = sNew;
      y[newest] = yNew;
      rho[newest] = 1 / sy;
      pairs = Math.min(pairs + 1, memory);
    }
    x = xNew;
    g = gNew;
    f = r.value;
    iterations++;
    return new Step(true, r.step, r.evaluations);
  }

  private record LineResult(boolean accepted, double step, double value, int evaluations) {}

  /** Strong Wolfe line search along d; fills xNew/gNew with the accepted point. */
  private LineResult wolfe(Function fn, double[] d, double slope0, double a1, double[] xNew,
      double[] gNew) {
    double f0 = f;
    double aPrev = 0;
    double fPrev = f0;
    double dPrev = slope0;
    double a = a1;
    int evals = 0;
    double[] xt = new double[n];
    double[] gt = new double[n];
    double bestA = 0;
    double bestF = f0;
    double[] bestX = null;
    double[] bestG = null;
    for (int i = 0; i < MAX_LINE_SEARCH; i++) {
      double fa = evalAt(fn, d, a, xt, gt);
      evals++;
      double da = dot(gt, d);
      if (Double.isFinite(fa) && fa < bestF) {
        bestA = a;
        bestF = fa;
        bestX = xt.clone();
        bestG = gt.clone();
      }
      if (!Double.isFinite(fa) || fa > f0 + C1 * a * slope0 || (i > 0 && fa >= fPrev)) {
        return zoom(fn, d, slope0, aPrev, fPrev, dPrev, a, fa, da, evals, xNew, gNew,
            bestA, bestF, bestX, bestG);
      }
      if (Math.abs(da) <= -C2 * slope0) {
        System.arraycopy(xt, 0, xNew, 0, n);
        System.arraycopy(gt, 0, gNew, 0, n);
        return new LineResult(true, a, fa, evals);
      }
      if (da >= 0) {
        return zoom(fn, d, slope0, a, fa, da, aPrev, fPrev, dPrev, evals, xNew, gNew,
            bestA, bestF, bestX, bestG);
      }
      aPrev = a;
      fPrev = fa;
      dPrev = da;
      a *= 2;
    }
    return fallback(evals, xNew, gNew, bestA, bestF, bestX, bestG);
  }

  private LineResult zoom(Function fn, double[] d, double slope0, double lo, double fLo,
      double dLo, double hi, double fHi, double dHi, int evals, double[] xNew, double[] gNew,
      double bestA, double bestF, double[] bestX, double[] bestG) {
    double f0 = f;
    double[] xt = new double[n];
    double[] gt = new double[n];
    while (evals < MAX_LINE_SEARCH) {
      double a = interpolate(lo, fLo, dLo, hi, fHi, dHi);
      double fa = evalAt(fn, d, a, xt, gt);
      evals++;
      double da = dot(gt, d);
      if (Double.isFinite(fa) && fa < bestF) {
        bestA = a;
        bestF = fa;
        bestX = xt.clone();
        bestG = gt.clone();
      }
      if (!Double.isFinite(fa) || fa > f0 + C1 * a * slope0 || fa >= fLo) {
        hi = a;
        fHi = fa;
        dHi = da;
      } else {
        if (Math.abs(da) <= -C2 * slope0) {
          System.arraycopy(xt, 0, xNew, 0, n);
          System.arraycopy(gt, 0, gNew, 0, n);
          return new LineResult(true, a, fa, evals);
        }
        if (da * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          dHi = dLo;
        }
        lo = a;
        fLo = fa;
        dLo = da;
      }
      if (Math.abs(hi - lo) <= 1e-16 * Math.max(Math.abs(lo), Math.abs(hi))) {
        break;
      }
    }
    return fallback(evals, xNew, gNew, bestA, bestF, bestX, bestG);
  }

  /** The best sufficient decrease seen, when the curvature condition could not be met. */
  private LineResult fallback(int evals, double[] xNew, double[] gNew, double bestA,
      double bestF, double[] bestX, double[] bestG) {
    if (bestX == null) {
      return new LineResult(false, 0, f, evals);
    }
    System.arraycopy(bestX, 0, xNew, 0, n);
    System.arraycopy(bestG, 0, gNew, 0, n);
    return new LineResult(true, bestA, bestF, evals);
  }

  /**
   * Minimizer of the cubic through (lo, fLo, dLo) and (hi, fHi, dHi), kept well inside the
   * bracket; bisection when the cubic is not usable (non-finite values).
   */
  private static double interpolate(double lo, double fLo, double dLo, double hi, double fHi,
      double dHi) {
    double a = (lo + hi) / 2;
    if (Double.isFinite(fHi) && Double.isFinite(dHi)) {
      double d1 = dLo + dHi - 3 * (fLo - fHi) / (lo - hi);
      double disc = d1 * d1 - dLo * dHi;
      if (disc >= 0) {
        double d2 = Math.signum(hi - lo) * Math.sqrt(disc);
        double c = hi - (hi - lo) * (dHi + d2 - d1) / (dHi - dLo + 2 * d2);
        if (Double.isFinite(c)) {
          a = c;
        }
      }
    }
    double min = Math.min(lo, hi);
    double max = Math.max(lo, hi);
    double margin = 0.1 * (max - min);
    return Math.max(min + margin, Math.min(max - margin, a));
  }

  /** OWL-QN backtracking along the orthant-projected path. */
  private LineResult backtrack(Function fn, double[] d, double[] pg, double a1, double[] xNew,
      double[] gNew) {
    double f0 = objective();
    double a = a1;
    for (int evals = 1; evals <= MAX_LINE_SEARCH; evals++) {
      for (int i = 0; i < n; i++) {
        double v = x[i] + a * d[i];
        if (i < numL1) {
          double orthant = x[i] != 0 ? Math.signum(x[i]) : -Math.signum(pg[i]);
          if (Math.signum(v) != orthant) {
            v = 0;
          }
        }
        xNew[i] = v;
      }
      double fs = fn.evaluate(xNew, gNew);
      double fa = fs + l1Value(xNew);
      double decrease = 0;
      for (int i = 0; i < n; i++) {
        decrease += pg[i] * (xNew[i] - x[i]);
      }
      if (Double.isFinite(fa) && fa <= f0 + C1 * decrease) {
        return new LineResult(true, a, fs, evals);
      }
      a *= 0.5;
    }
    return new LineResult(false, 0, f, MAX_LINE_SEARCH);
  }

  private double evalAt(Function fn, double[] d, double a, double[] xt, double[] gt) {
    for (int i = 0; i < n; i++) {
      xt[i] = x[i] + a * d[i];
    }
    return fn.evaluate(xt, gt);
  }

  /** Two-loop recursion: {@code -H pg}, constrained to the descent orthant under L1. */
  private double[] direction(double[] pg) {
    double[] q = pg.clone();
    double[] alpha = new double[memory];
    for (int c = 0, i = newest; c < pairs; c++, i = (i - 1 + memory) % memory) {
      alpha[i] = rho[i] * dot(s[i], q);
      axpy(-alpha[i], y[i], q);
    }
    if (pairs > 0) {
      double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
      for (int j = 0; j < n; j++) {
        q[j] *= gamma;
      }
    }
    int oldest = (newest - pairs + 1 + memory) % memory;
    for (int c = 0, i = oldest; c < pairs; c++, i = (i + 1) % memory) {
      double beta = rho[i] * dot(y[i], q);
      axpy(alpha[i] - beta, s[i], q);
    }
    for (int j = 0; j < n; j++) {
      q[j] = -q[j];
    }
    if (l1 > 0) {
      for (int j = 0; j < numL1; j++) {
        if (q[j] * pg[j] >= 0) {
          q[j] = 0;
        }
      }
    }
    return q;
  }

  /** The gradient, or under L1 the minimum-norm subgradient of the full objective. */
  private double[] pseudoGradient() {
    if (l1 == 0) {
      return g;
    }
    double[] pg = g.clone();
    for (int i = 0; i < numL1; i++) {
      if (x[i] > 0) {
        pg[i] = g[i] + l1;
      } else if (x[i] < 0) {
        pg[i] = g[i] - l1;
      } else if (g[i] + l1 < 0) {
        pg[i] = g[i] + l1;
      } else if (g[i] - l1 > 0) {
        pg[i] = g[i] - l1;
      } else {
        pg[i] = 0;
      }
    }
    return pg;
  }

  private double l1Value(double[] v) {
    if (l1 == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < numL1; i++) {
      sum += Math.abs(v[i]);
    }
    return l1 * sum;
  }

  /** Copies of everything a resumed run needs. */
  public Map<String, double[]> state() {
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put("x", x.clone());
    m.put("g", g.clone());
    m.put("f", new double[] {f});
    m.put("iterations", new double[] {iterations});
    m.put("pairs", new double[] {pairs});
    for (int c = 0, i = (newest - pairs + 1 + memory) % memory; c < pairs;
        c++, i = (i + 1) % memory) {
      m.put("s" + c, s[i].clone());
      m.put("y" + c, y[i].clone());
    }
    return m;
  }

  /** Loads {@link #state} output; pairs are restored oldest first. */
  public void restore(Map<String, double[]> m) {
    x = m.get("x").clone();
    g = m.get("g").clone();
    f = m.get("f")[0];
    iterations = (long) m.get("iterations")[0];
    int p = (int) m.get("pairs")[0];
    pairs = 0;
    newest = -1;
    Arrays.fill(rho, 0);
    for (int c = 0; c < p; c++) {
      newest = (newest + 1) % memory;
      s[newest] = m.get("s" + c).clone();
      y[newest] = m.get("y" + c).clone();
      rho[newest] = 1 / dot(s[newest], y[newest]);
      pairs++;
    }
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }
}
