package dev.descent.engine;

import dev.descent.data.DataException;
import dev.descent.data.LineLocator;
import org.apache.hadoop.conf.Configuration;

/** Turns a failed Spark action back into the error that caused it, with file and line. */
final class Failures {
  private Failures() {}

  /**
   * Rethrows a located {@link DataException} when bad data caused {@code failure}; otherwise
   * rethrows {@code failure} itself.
   */
  static RuntimeException rethrow(RuntimeException failure, Configuration conf) {
    DataException data = LineLocator.find(failure, conf);
    throw data != null ? data : failure;
  }
}
