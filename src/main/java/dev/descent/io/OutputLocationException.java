package dev.descent.io;

/**
 * An output or checkpoint location that cannot be used as given: it overlaps what the run reads,
 * it cannot be created or written, or another run that still runs is using it. A usage error,
 * found before any work is done.
 */
public class OutputLocationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutputLocationException(String message) {
    super(message);
  }
}
