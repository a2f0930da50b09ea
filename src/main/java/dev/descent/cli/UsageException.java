package dev.descent.cli;

/** The command line itself is wrong (not a setting's value). */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
