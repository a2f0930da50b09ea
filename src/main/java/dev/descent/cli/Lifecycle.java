package dev.descent.cli;

import dev.descent.engine.FatalErrors;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the command-line process ends, whatever ends it: its own exit code; a signal (SIGTERM,
 * Ctrl-C) or someone else's {@code System.exit}, which print one line ("interrupted") and no
 * stack trace; a JVM error on any thread, which ends the run with exit code 1 even if the
 * thread that met it was one the main thread was waiting for. Only {@link Main#main} uses it:
 * Descent embedded in another JVM never installs process-wide behaviour beyond
 * {@link FatalErrors}.
 */
final class Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  /** How long the main thread gets to report a JVM error itself before the process ends. */
  static final long GRACE_MILLIS = 15_000;
  /** How long the JVM's shutdown may take after a JVM error before the process is halted. */
  static final long HALT_MILLIS = 30_000;

  /**
   * The environment variable through which submit.sh hands over the terminal's own stderr, as a
   * file descriptor number, when it filters the JVM's stderr (see submit.sh).
   */
  static final String STDERR_FD = "DESCENT_STDERR_FD";

  private final PrintStream err;
  private final AtomicBoolean lastWord = new AtomicBoolean();
  private volatile boolean finished;
  private volatile String signal;
  private volatile String checkpointDir;
  private volatile Runnable beforeMessage = () -> {};
  private Thread.UncaughtExceptionHandler previous; // the process's handler before ours, if any

  private Lifecycle(PrintStream err) {
    this.err = err;
  }

  /**
   * Installs the process's behaviour: the shutdown hook, signal names, and the handler of
   * uncaught exceptions and JVM errors (with {@link FatalErrors} in front of it).
   */
  static Lifecycle install(PrintStream err) {
    Lifecycle life = new Lifecycle(err);
    Runtime.getRuntime().addShutdownHook(new Thread(life::onShutdown, "descent-shutdown"));
    life.nameSignals();
    life.previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(life::uncaught);
    FatalErrors.install();
    return life;
  }

  /**
   * The stream for Descent's messages: the terminal's stderr that submit.sh passed on (so that
   * they bypass its filter of the JVM's own stderr and keep their order with stdout), else
   * System.err.
   */
  static PrintStream stderr() {
    String fd = System.getenv(STDERR_FD);
    if (fd == null || !fd.matches("[3-9]")) {
      return System.err;
    }
    try {
      FileDescriptor descriptor = new FileDescriptor();
      Field f = FileDescriptor.class.getDeclaredField("fd"); // java.io is opened by submit.sh
      f.setAccessible(true);
      f.setInt(descriptor, Integer.parseInt(fd));
      String encoding = System.getProperty("stderr.encoding",
          System.getProperty("sun.stderr.encoding"));
      Charset charset = encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
      FileOutputStream out = new FileOutputStream(descriptor);
      out.getChannel().size(); // fstat: fails unless the descriptor is open
      return new PrintStream(out, true, charset);
    } catch (ReflectiveOperationException | IOException | RuntimeException e) {
      return System.err;
    }
  }

  /** The checkpoint directory of the running command, for the "interrupted" message. */
  void checkpointDir(String dir) {
    checkpointDir = dir;
  }

  /** Runs before a message of this class is printed (erases the progress line). */
  void beforeMessage(Runnable r) {
    beforeMessage = r == null ? () -> {} : r;
  }

  /**
   * Claims the right to say how the run ended; false if the process already said it (a JVM
   * error reported by the watchdog, or an interruption).
   */
  boolean claimLastWord() {
    return lastWord.compareAndSet(false, true);
  }

  /** Whether the JVM is shutting down (a signal, or System.exit called by anyone). */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** Ends the process with {@code code}, Descent's own exit. */
  void exit(int code) {
    finished = true;
    err.flush();
    System.exit(code);
  }

  private void onShutdown() {
    if (finished || !claimLastWord()) {
      return;
    }
    beforeMessage.run();
    String dir = checkpointDir;
    String resume = dir == null ? "" : "; checkpoints in " + dir
        + " are kept (rerun with resume=true to continue)";
    if (signal != null) {
      err.println("error: interrupted (" + signal + ")" + resume);
    } else {
      err.println("error: interrupted: the JVM is exiting before Descent finished (Spark or"
          + " other code called System.exit)" + resume + SparkLog.seeLog());
    }
    err.flush();
  }

  /**
   * A JVM error ends the run (see {@link #startWatchdog}); another exception that ended a thread
   * goes to the log (to the handler that was there before, if any), not to the terminal.
   */
  private void uncaught(Thread thread, Throwable e) {
    if (e instanceof Error) {
      LOG.error("JVM error in thread " + thread.getName(), e);
      startWatchdog(new FatalErrors.Fatal((Error) e, thread.getName()));
    } else if (previous != null) {
      previous.uncaughtException(thread, e);
    } else {
      LOG.warn("Uncaught exception in thread " + thread.getName(), e);
    }
  }

  /**
   * After a JVM error, gives the main thread {@link #GRACE_MILLIS} to report it and exit (the
   * error cancelled its Spark jobs), then reports it and exits itself; if the JVM's shutdown
   * then hangs, halts it.
   */
  private void startWatchdog(FatalErrors.Fatal fatal) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(GRACE_MILLIS);
        if (!finished && claimLastWord()) {
          beforeMessage.run();
          err.println("error: " + fatal.describe() + SparkLog.seeLog());
          err.flush();
        }
        haltLater();
        System.exit(ExitCode.FAILURE.code);
      } catch (Throwable t) {
        Runtime.getRuntime().halt(ExitCode.FAILURE.code);
      }
    }, "descent-fatal-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Halts the JVM with exit code 1 if it is still running after {@link #HALT_MILLIS}. */
  static void haltLater() {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(HALT_MILLIS);
      } catch (InterruptedException ignored) {
        // halt anyway
      }
      Runtime.getRuntime().halt(ExitCode.FAILURE.code);
    }, "descent-halt");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Records which signal ends the process, for the message; the JVM's own handler still runs
   * and sets the exit code (128 + the signal's number: 143 for SIGTERM, 130 for SIGINT). Uses
   * sun.misc.Signal (module jdk.unsupported) by reflection; without it the message names no
   * signal.
   */
  private void nameSignals() {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Method handlerHandle = handlerClass.getMethod("handle", signalClass);
      Object ignore = handlerClass.getField("SIG_IGN").get(null);
      Object defaults = handlerClass.getField("SIG_DFL").get(null);
      for (String name : List.of("TERM", "INT", "HUP")) {
        Object sig = signalClass.getConstructor(String.class).newInstance(name);
        Object[] previous = new Object[1];
        Object ours = Proxy.newProxyInstance(handlerClass.getClassLoader(),
            new Class<?>[] {handlerClass}, (proxy, method, args) -> {
              if (!method.getName().equals("handle")) {
                return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                    : method.getName().equals("equals") ? proxy == args[0] : "descent-" + name;
              }
              signal = "SIG" + name;
              handlerHandle.invoke(previous[0], args[0]);
              return null;
            });
        try {
          previous[0] = handle.invoke(null, sig, ours);
        } catch (ReflectiveOperationException e) {
          continue; // a signal the JVM does not let us handle
        }
        if (previous[0] == ignore || previous[0] == defaults || previous[0] == null) {
          handle.invoke(null, sig, previous[0] == null ? defaults : previous[0]); // put it back
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no signal names
    }
  }
}
