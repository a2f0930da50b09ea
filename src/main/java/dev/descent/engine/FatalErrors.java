package dev.descent.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * JVM errors (OutOfMemoryError, StackOverflowError, any {@link Error}) on driver threads other
 * than the caller's. Spark lets such an error end the thread that met it; when that thread was
 * fetching a task's result (Spark's task-result-getter threads), the job never completes and the
 * caller waits in {@code runJob} forever. While Descent runs ({@link #guard}), a default
 * uncaught-exception handler records such an error and cancels Descent's jobs (they carry the
 * job tag {@value #JOB_TAG}), so that the waiting job fails at once; {@link #guard} then throws
 * the error itself, on the caller's thread. The handler passes every uncaught exception on to
 * the handler that was installed before it, so it changes nothing else.
 */
public final class FatalErrors {
  /** The job tag of every Spark job Descent starts inside {@link #guard}. */
  public static final String JOB_TAG = "descent";

  /** A JVM error and the name of the thread it ended. */
  public record Fatal(Error error, String thread) {
    /** One line for people: what happened, where, and what to do about it. */
    public String describe() {
      String what = error.getClass().getName()
          + (error.getMessage() == null ? "" : ": " + error.getMessage());
      if (error instanceof OutOfMemoryError) {
        return "the driver ran out of memory (" + what + ", in thread " + thread + "); give it"
            + " more (spark-submit --driver-memory) or train a smaller model (numFeatures)";
      }
      return "the driver failed with a JVM error (" + what + ", in thread " + thread + ")";
    }
  }

  private static final Map<SparkContext, Integer> GUARDED = new ConcurrentHashMap<>();
  private static long count;
  private static Fatal last;
  private static boolean installed;

  private FatalErrors() {}

  /**
   * Installs the handler (once per JVM), chained in front of the default uncaught-exception
   * handler already installed, if any.
   */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      if (e instanceof Error error) {
        record(error, thread);
      }
      if (previous != null) {
        previous.uncaughtException(thread, e);
      } else { // what the JVM does without a handler
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace(System.err);
      }
    });
    installed = true;
  }

  /** Records a JVM error met by {@code thread} and cancels every job Descent is running. */
  static void record(Error error, Thread thread) {
    synchronized (FatalErrors.class) {
      count++;
      last = new Fatal(error, thread.getName());
    }
    for (SparkContext sc : GUARDED.keySet()) {
      try {
        if (!sc.isStopped()) {
          sc.cancelJobsWithTag(JOB_TAG);
        }
      } catch (Throwable ignored) { // out of memory again, or a context stopping: nothing to do
      }
    }
  }

  /** A mark to pass to {@link #since}: the number of errors recorded so far. */
  public static synchronized long mark() {
    return count;
  }

  /** The last JVM error recorded after {@code mark} was taken, or null if there was none. */
  public static synchronized Fatal since(long mark) {
    return count > mark ? last : null;
  }

  /**
   * Runs {@code body} with every Spark job it starts on this thread tagged {@value #JOB_TAG}
   * and cancelled when a JVM error ends another driver thread; then throws that error (on this
   * thread) if there was one, whether {@code body} failed or not.
   */
  public static <T> T guard(JavaSparkContext jsc, Supplier<T> body) {
    Watch watch = watch(jsc);
    long mark = mark();
    try {
      T result = body.get();
      throwIfFatal(mark);
      return result;
    } catch (RuntimeException | Error e) {
      throwIfFatal(mark);
      throw e;
    } catch (Throwable e) { // SparkException: checked, but thrown undeclared by Scala code
      throwIfFatal(mark);
      throw FatalErrors.<RuntimeException>sneaky(e);
    } finally {
      watch.close();
    }
  }

  /**
   * Until closed, tags the Spark jobs this thread starts {@value #JOB_TAG} and cancels them when
   * a JVM error ends another driver thread; what the caller then does is up to it
   * ({@link #since} says whether there was an error).
   */
  public static Watch watch(JavaSparkContext jsc) {
    install();
    return new Watch(jsc.sc());
  }

  /** What {@link #watch} started; closing it stops watching (nested watches nest). */
  public static final class Watch implements AutoCloseable {
    private final SparkContext sc;
    private final boolean tagged;

    private Watch(SparkContext sc) {
      this.sc = sc;
      this.tagged = !sc.getJobTags().contains(JOB_TAG);
      if (tagged) {
        sc.addJobTag(JOB_TAG);
      }
      GUARDED.merge(sc, 1, Integer::sum);
    }

    @Override
    public void close() {
      GUARDED.computeIfPresent(sc, (k, n) -> n == 1 ? null : n - 1);
      if (tagged) {
        sc.removeJobTag(JOB_TAG);
      }
    }
  }

  private static void throwIfFatal(long mark) {
    Fatal fatal = since(mark);
    if (fatal != null) {
      throw fatal.error();
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
