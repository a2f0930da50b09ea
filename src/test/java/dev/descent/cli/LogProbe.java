package dev.descent.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logs the given messages through Spark's task-scheduler logger and a Spark executor logger, as
 * {@code level:message} arguments: what {@link LogConfigTest} checks conf/log4j2.properties
 * against, in a JVM of its own.
 */
public final class LogProbe {
  private LogProbe() {}

  public static void main(String[] args) {
    Logger scheduler = LogManager.getLogger("org.apache.spark.scheduler.TaskSchedulerImpl");
    Logger executor = LogManager.getLogger("org.apache.spark.executor.Executor");
    for (String a : args) {
      String[] p = a.split(":", 3);
      Logger logger = p[0].equals("scheduler") ? scheduler : executor;
      logger.log(org.apache.logging.log4j.Level.valueOf(p[1]), p[2],
          new IllegalStateException("probe"));
    }
  }
}
