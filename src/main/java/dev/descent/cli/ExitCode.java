package dev.descent.cli;

/** Process exit codes: a contract with schedulers and scripts. Extend, never renumber. */
public enum ExitCode {
  /** Success (for train: converged or finished). */
  OK(0),
  /** Anything unexpected: a bug, an environment or Spark failure; the message says which. */
  FAILURE(1),
  /** Usage or configuration error: unknown command or setting, bad value, output exists. */
  USAGE(2),
  /** Bad input data: missing or empty input, a malformed record, an unreadable model. */
  BAD_DATA(3),
  /** Training diverged. */
  DIVERGED(4);

  public final int code;

  ExitCode(int code) {
    this.code = code;
  }
}
