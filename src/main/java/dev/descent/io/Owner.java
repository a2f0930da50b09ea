package dev.descent.io;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that owns a hidden staging directory, a commit journal or a checkpoint directory's
 * lock: host, pid and the process's start time, so that a pid reused by another process is not
 * taken for the owner. Written into names and files as a token {@code PID-STARTMILLIS@HOST}.
 *
 * <p>Whether an owner still runs can be proven only on its own host: there, a pid that is gone,
 * or that now belongs to a process started at another time, is {@link Liveness#DEAD}. An owner on
 * another host is {@link Liveness#UNKNOWN}; callers then go by how recently it showed signs of
 * life.
 */
public record Owner(long pid, long startMillis, String host) {
  private static final String UNKNOWN_HOST = "unknown-host";
  private static final Pattern TOKEN = Pattern.compile("(\\d+)-(\\d+)@([A-Za-z0-9._-]+)");
  private static final Owner CURRENT = new Owner(ProcessHandle.current().pid(),
      startMillis(ProcessHandle.current()), localHost());

  /** Whether an owner runs. */
  public enum Liveness {
    ALIVE, DEAD, UNKNOWN
  }

  /** This process. */
  public static Owner current() {
    return CURRENT;
  }

  /** A regular expression matching a token (three groups: pid, start, host). */
  static String tokenPattern() {
    return TOKEN.pattern();
  }

  /** The owner a token names, or null if it is not a token. */
  public static Owner parse(String token) {
    Matcher m = TOKEN.matcher(token == null ? "" : token.trim());
    if (!m.matches()) {
      return null;
    }
    try {
      return new Owner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public String token() {
    return pid + "-" + startMillis + "@" + host;
  }

  /** Whether this owner still runs, as far as this process can tell. */
  public Liveness liveness() {
    if (!host.equals(CURRENT.host) || host.equals(UNKNOWN_HOST)) {
      return Liveness.UNKNOWN;
    }
    if (equals(CURRENT)) {
      return Liveness.ALIVE;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return Liveness.DEAD;
    }
    long start = startMillis(p.get());
    return start != 0 && startMillis != 0 && start != startMillis ? Liveness.DEAD
        : Liveness.ALIVE;
  }

  /** For messages: "process 1234 on host h". */
  public String describe() {
    return "process " + pid + " on " + host;
  }

  private static long startMillis(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /** The host name, reduced to characters safe in file names. */
  private static String localHost() {
    String name = null;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | SecurityException e) {
      name = System.getenv("HOSTNAME");
    }
    if (name == null || name.isBlank()) {
      name = UNKNOWN_HOST;
    }
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
