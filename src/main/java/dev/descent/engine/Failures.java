package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.LineLocator;
import org.apache.hadoop.conf.Configuration;

/** Turns a failed Spark action back into the error that caused it, with file and line. */
final class Failures {
  private Failures() {}

  /**
   * Rethrows a located {@link DataException} when bad data caused {@code failure}; otherwise
   * rethrows {@code failure} itself. Spark reports a failed job as a {@code SparkException},
   * which is a checked exception that Scala code throws without declaring it, so callers must
   * catch {@link Exception}, not only {@link RuntimeException}.
   */
  static RuntimeException rethrow(Exception failure, Configuration conf) {
    DataException data = LineLocator.find(failure, conf);
    if (data != null) {
      throw data;
    }
    throw Failures.<RuntimeException>sneaky(failure);
  }

  /** Rethrows {@code e} unchanged, checked or not (as Scala code does). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }
}
