package dev.descent.cli;

import java.io.File;
import java.io.PrintStream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Where Spark's own log goes. submit.sh, in local mode, configures log4j with
 * conf/log4j2.properties: Spark's log (and the stack traces of the errors Descent reports
 * itself) goes to the file named by the system property {@value #FILE_PROPERTY}, created only
 * when something is logged, and stderr holds Descent's messages alone. {@code verbose=true}
 * copies the log to stderr as well. Under any other log4j configuration (spark-submit, an
 * application embedding Descent) nothing here changes anything.
 */
final class SparkLog {
  /** The system property naming the log file (set by submit.sh). */
  static final String FILE_PROPERTY = "descent.logFile";
  /** The name of the file appender in conf/log4j2.properties. */
  static final String FILE_APPENDER = "descentFile";
  private static final String VERBOSE_APPENDER = "descentVerbose";
  /** The logger conf/log4j2.properties also sends to stderr, and that appender's name. */
  private static final String SCHEDULER = "org.apache.spark.scheduler.TaskSchedulerImpl";
  private static final String CONSOLE_APPENDER = "console";

  private SparkLog() {}

  /** The log file, if Descent's log4j configuration is in use and something was logged. */
  static File file() {
    String name = System.getProperty(FILE_PROPERTY);
    if (name == null || !active()) {
      return null;
    }
    File f = new File(name);
    return f.isFile() && f.length() > 0 ? f : null;
  }

  /** " (Spark's log: FILE)" for a message, or "" when there is no such file. */
  static String seeLog() {
    File f = file();
    return f == null ? "" : " (details in Spark's log: " + f.getPath() + ")";
  }

  /** Copies Spark's log to {@code err} as well (verbose=true), under Descent's configuration. */
  static void toStderr(PrintStream err) {
    try {
      if (!active()) {
        return;
      }
      LoggerContext context = (LoggerContext) LogManager.getContext(false);
      Configuration config = context.getConfiguration();
      if (config.getAppender(VERBOSE_APPENDER) != null) {
        return;
      }
      Appender appender = OutputStreamAppender.newBuilder().setName(VERBOSE_APPENDER)
          .setTarget(err).setFollow(false).setLayout(PatternLayout.newBuilder()
              .withConfiguration(config).withPattern("%d{HH:mm:ss} %p %c{1}: %m%n%ex").build())
          .build();
      appender.start();
      config.addAppender(appender);
      config.getRootLogger().addAppender(appender, Level.ALL, null);
      // The task scheduler's lines, already on stderr, would otherwise show twice.
      config.getLoggerConfig(SCHEDULER).removeAppender(CONSOLE_APPENDER);
      context.updateLoggers();
    } catch (LinkageError | RuntimeException e) {
      // not log4j 2 core: leave logging as it is
    }
  }

  /** Whether the running log4j configuration is conf/log4j2.properties (it has our file). */
  static boolean active() {
    try {
      return LogManager.getContext(false) instanceof LoggerContext context
          && context.getConfiguration().getAppender(FILE_APPENDER) != null;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }
}
