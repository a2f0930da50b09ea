package dev.descent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Starts Descent and Spark's own daemons as separate JVMs from the test classpath: what the
 * kill, cluster and script tests need. Every process started here is tracked and can be killed
 * by its own pid; nothing else is touched.
 */
public final class Launch {
  private Launch() {}

  /** The test JVM's class path: Descent's classes plus every dependency jar. */
  public static String classpath() {
    return System.getProperty("java.class.path");
  }

  /** Spark's JVM flags for Java 17 (set by the pom for Surefire). */
  public static List<String> moduleFlags() {
    String flags = System.getProperty("descent.moduleFlags", "");
    return flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("\\s+"));
  }

  /**
   * A SPARK_HOME for standalone and local-cluster mode without a Spark distribution: a jars/
   * folder linking every jar of the class path, from which Spark's workers build executor
   * command lines.
   */
  public static Path sparkHome(Path dir) {
    try {
      Path jars = Files.createDirectories(dir.resolve("jars"));
      for (String entry : classpath().split(java.io.File.pathSeparator)) {
        Path p = Path.of(entry);
        if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
          Path link = jars.resolve(p.getFileName());
          if (!Files.exists(link)) {
            Files.createSymbolicLink(link, p.toAbsolutePath());
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The environment of a driver or daemon in standalone or local-cluster mode: a
   * {@link #sparkHome} under {@code dir}, Scala 2.13, loopback.
   */
  public static Map<String, String> clusterEnv(Path dir) {
    return Map.of("SPARK_HOME", sparkHome(dir.resolve("spark-home")).toString(),
        "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1");
  }

  /** A running child process whose output lines are collected as they come. */
  public static final class Child implements AutoCloseable {
    public final Process process;
    public final List<String> out = new CopyOnWriteArrayList<>();
    public final List<String> err = new CopyOnWriteArrayList<>();

    Child(Process process) {
      this.process = process;
      pump(process.getInputStream(), out);
      pump(process.getErrorStream(), err);
    }

    private static void pump(java.io.InputStream in, List<String> sink) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            sink.add(line);
          }
        } catch (IOException ignored) {
          // the process went away
        }
      });
      t.setDaemon(true);
      t.start();
    }

    /** Waits until a line of stdout or stderr matches, or fails after {@code seconds}. */
    public String awaitLine(Predicate<String> match, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        for (List<String> lines : List.of(out, err)) {
          for (String l : lines) {
            if (match.test(l)) {
              return l;
            }
          }
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("no matching line within " + seconds + " s (alive="
          + process.isAlive() + ")\nstdout:\n" + String.join("\n", out) + "\nstderr:\n"
          + String.join("\n", tail(err, 60)));
    }

    /** Waits for the exit code, failing after {@code seconds}. */
    public int await(int seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not finish within " + seconds + " s\nstderr:\n"
            + String.join("\n", tail(err, 60)));
      }
      Thread.sleep(200); // let the pumps drain
      return process.exitValue();
    }

    public String errText() {
      return String.join("\n", err);
    }

    /** SIGKILL for the process and everything it started. */
    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }

    private static List<String> tail(List<String> lines, int n) {
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
  }

  /** Runs ./submit.sh (from the project directory) on the test classpath. */
  public static Child submit(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", "submit.sh"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DESCENT_CLASSPATH", classpath());
    pb.environment().remove("SPARK_HOME");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    return new Child(p);
  }

  /**
   * As {@link #submit}, with SIGINT at its default disposition: a process started in the
   * background by a non-interactive shell (as a build often is) ignores SIGINT, and its children
   * inherit that, so Ctrl-C could not be tested. Perl, where installed, resets it before
   * running the script; without Perl the script inherits what this JVM has.
   */
  public static Child submitInterruptible(Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (new java.io.File("/usr/bin/perl").canExecute()) {
      command.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die"));
    }
    command.addAll(List.of("bash", "submit.sh"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("DESCENT_CLASSPATH", classpath());
    pb.environment().remove("SPARK_HOME");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    return new Child(p);
  }

  /** Whether {@code pid} ignores SIGINT (Linux: /proc; false where that cannot be read). */
  public static boolean ignoresSigint(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return false;
  }

  /** Sends {@code signal} (INT, TERM, ...) to {@code pid} with kill(1). */
  public static void signal(long pid, String signal) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start()
        .waitFor();
    if (exit != 0) {
      throw new IOException("kill -" + signal + " " + pid + " failed: " + exit);
    }
  }

  /** Runs a main class in a fresh JVM with Spark's flags and the test classpath. */
  public static Child java(Map<String, String> env, List<String> jvmOptions, String mainClass,
      String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(moduleFlags());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    return new Child(p);
  }

  /** A free TCP port on loopback. */
  public static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
