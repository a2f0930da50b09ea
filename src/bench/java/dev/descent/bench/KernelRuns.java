package dev.descent.bench;

import dev.descent.data.BenchAccess;
import dev.descent.data.Block;
import dev.descent.loss.GradientAggregator;
import dev.descent.loss.LogisticLoss;
import dev.descent.loss.Loss;
import dev.descent.loss.ParameterLayout;
import dev.ludovic.netlib.blas.BLAS;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;

/**
 * Kernel throughput outside Spark: one pass of the logistic loss and gradient over the training
 * data held on the driver, in GB of training data read per second, next to a STREAM-like read
 * loop over primitive arrays (the machine's memory read bandwidth) and to a plain single-threaded
 * Java loop. Parallel runs give each of {@link #THREADS} threads half of the partitions, as
 * {@code local[2]} does. Times are CPU times of the busier thread (see {@link #parallel}).
 */
final class KernelRuns implements AutoCloseable {
  static final int THREADS = 2;
  private static final Loss LOSS = new LogisticLoss();

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
    Thread t = new Thread(r, "descent-bench-kernel");
    t.setDaemon(true);
    return t;
  });
  private final int reps;

  /**
   * @param reps repetitions per median; a pass is cheap, so at least 7 are run, after 3 untimed
   *     ones that let the JIT compile (and, when a new storage type first appears, recompile)
   *     the kernels
   */
  KernelRuns(int reps) {
    this.reps = Math.max(7, reps);
  }

  /** Median seconds of one parallel pass of Descent's blocked kernels over {@code parts}. */
  double descentPass(List<List<Block>> parts, int features) {
    ParameterLayout layout = new ParameterLayout(features, 1, false);
    double[] coef = coefficients(features);
    return parallel(parts.size(), p -> {
      GradientAggregator agg = new GradientAggregator();
      for (Block b : parts.get(p)) {
        agg.add(b, null, b.rows(), coef, layout, LOSS);
      }
      return agg.lossSum();
    });
  }

  /**
   * Median seconds of parallel passes over {@code parts} that stop after each stage of Descent's
   * blocked pass: [0] the margins alone (X w: every row read once, from memory), [1] margins and
   * the loss with its multipliers, [2] margins, loss and gradient (X^T m, rows re-read from
   * cache): where the time of {@link #descentPass} goes.
   */
  double[] descentStages(List<List<Block>> parts, int features) {
    double[] coef = coefficients(features);
    double[] out = new double[3];
    for (int stage = 0; stage < 3; stage++) {
      int last = stage;
      out[stage] = parallel(parts.size(), p -> {
        double[] m = new double[0];
        double[] mult = new double[0];
        double[] grad = new double[features];
        double s = 0;
        for (Block b : parts.get(p)) {
          int n = b.rows();
          if (m.length < n) {
            m = new double[n];
            mult = new double[n];
          }
          b.margins(coef, features, 1, null, n, m);
          s += m[0];
          if (last >= 1) {
            s += LOSS.blockLoss(n, 1, m, b.labels(), b.weights(), null, mult);
          }
          if (last >= 2) {
            b.addGradient(mult, 1, null, n, grad, features);
          }
        }
        return s + grad[0];
      });
    }
    return out;
  }

  /**
   * Median seconds of one parallel pass with Spark's netlib BLAS: per chunk of rows of about
   * {@code chunkBytes}, margins by {@code dgemv} (X w), the logistic multipliers, and the gradient
   * by {@code dgemv} (X^T m). Dense data only.
   */
  double blasPass(List<LocalData> parts, long chunkBytes) {
    BLAS blas = BLAS.getInstance();
    int d = parts.get(0).features;
    double[] coef = coefficients(d);
    int chunk = (int) Math.max(1, chunkBytes / (8L * d));
    return parallel(parts.size(), p -> {
      LocalData data = parts.get(p);
      double[] grad = new double[d];
      double[] m = new double[chunk];
      double loss = 0;
      for (int r0 = 0; r0 < data.rows; r0 += chunk) {
        int n = Math.min(chunk, data.rows - r0);
        // Row-major n x d is column-major d x n: X w is its transpose times w.
        blas.dgemv("T", d, n, 1.0, data.values, r0 * d, d, coef, 0, 1, 0.0, m, 0, 1);
        for (int i = 0; i < n; i++) {
          loss += logistic(m, i, data.labels[r0 + i]);
        }
        blas.dgemv("N", d, n, 1.0, data.values, r0 * d, d, m, 0, 1, 1.0, grad, 0, 1);
      }
      return loss + grad[0];
    });
  }

  /** Median seconds (CPU time) of one pass of a plain per-row Java loop, single-threaded, over all partitions. */
  double plainPass(List<LocalData> parts) {
    int d = parts.get(0).features;
    double[] coef = coefficients(d);
    return parallel(1, p -> {
      double[] grad = new double[d];
      double loss = 0;
      for (LocalData data : parts) {
        loss += data.isDense() ? plainDense(data, coef, grad) : plainSparse(data, coef, grad);
      }
      return loss + grad[0];
    });
  }

  private static double plainDense(LocalData data, double[] w, double[] grad) {
    int d = data.features;
    double[] x = data.values;
    double loss = 0;
    double[] m = new double[1];
    for (int r = 0; r < data.rows; r++) {
      int base = r * d;
      double margin = 0;
      for (int j = 0; j < d; j++) {
        margin += x[base + j] * w[j];
      }
      m[0] = margin;
      loss += logistic(m, 0, data.labels[r]);
      for (int j = 0; j < d; j++) {
        grad[j] += m[0] * x[base + j];
      }
    }
    return loss;
  }

  private static double plainSparse(LocalData data, double[] w, double[] grad) {
    double loss = 0;
    double[] m = new double[1];
    for (int r = 0; r < data.rows; r++) {
      double margin = 0;
      for (int i = data.rowStart[r]; i < data.rowStart[r + 1]; i++) {
        margin += data.values[i] * w[data.cols[i]];
      }
      m[0] = margin;
      loss += logistic(m, 0, data.labels[r]);
      for (int i = data.rowStart[r]; i < data.rowStart[r + 1]; i++) {
        grad[data.cols[i]] += m[0] * data.values[i];
      }
    }
    return loss;
  }

  /** Logistic loss at {@code m[i]}; replaces {@code m[i]} with the loss's derivative. */
  private static double logistic(double[] m, int i, double y) {
    double x = m[i];
    double e = Math.exp(-Math.abs(x));
    m[i] = (x >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
    return Math.log1p(e) + Math.max(x, 0) - y * x;
  }

  /**
   * Median seconds for {@link #THREADS} threads to read {@code arrays} once (each thread sums its
   * share of the arrays): the memory read bandwidth, when the arrays are much larger than the
   * caches.
   */
  double streamRead(List<double[]> arrays) {
    boolean vector = BenchAccess.vectorKernels();
    return parallel(arrays.size(), p -> {
      double[] x = arrays.get(p);
      return vector ? VectorSum.sum(x, 0, x.length) : scalarSum(x);
    });
  }

  private static double scalarSum(double[] x) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int i = 0;
    for (; i + 7 < x.length; i += 8) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
      s4 += x[i + 4];
      s5 += x[i + 5];
      s6 += x[i + 6];
      s7 += x[i + 7];
    }
    for (; i < x.length; i++) {
      s0 += x[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * Median seconds of running {@code task} for parts 0..n-1, thread t taking parts t, t+T, ...
   * A run's time is the CPU time of its busier thread: on an idle machine that is its wall time,
   * and on a shared one it leaves out the time other processes held the cores.
   */
  private double parallel(int n, IntToDoubleFunction task) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] times = new double[reps];
    for (int rep = -3; rep < reps; rep++) {
      List<Future<double[]>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          long cpu = threads.getCurrentThreadCpuTime();
          double s = 0;
          for (int p = first; p < n; p += THREADS) {
            s += task.applyAsDouble(p);
          }
          return new double[] {s, (threads.getCurrentThreadCpuTime() - cpu) / 1e9};
        }));
      }
      double busiest = 0;
      for (Future<double[]> f : done) {
        try {
          double[] r = f.get();
          sink(r[0]);
          busiest = Math.max(busiest, r[1]);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      if (rep >= 0) {
        times[rep] = busiest;
      }
    }
    return Timing.median(times);
  }

  private static double[] coefficients(int d) {
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = ((j * 7919) % 13 - 6) * 0.01;
    }
    return w;
  }

  private static volatile double sunk;

  /** Keeps results alive so the JIT cannot drop the work. */
  private static void sink(double v) {
    sunk += v;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
