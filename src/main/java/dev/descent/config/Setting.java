package dev.descent.config;

/**
 * One setting, declared once: its key, what it means, what part of a run it is about
 * ({@link Scope}), whether it defines the run, its default, and how a text value is parsed and
 * validated. The default is written once, as users write it; its value is that text parsed.
 * Values are immutable; a default of {@code null} means "none" or "auto", as
 * {@link #defaultText()} says.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

  /**
   * What part of a run a setting is about; the lists of settings that a command, a pipeline
   * stage or a checkpoint cares about are derived from it.
   */
  public enum Scope {
    /** Which files and columns are read (and, for predict and evaluate, the model). */
    INPUT,
    /** How the records read are checked and sized. */
    RECORDS,
    /** The model's form; predict and evaluate take it from the model. */
    MODEL,
    /** The objective beyond the data loss: penalty, class weights, a prior. */
    OBJECTIVE,
    /** Validation rows and early stopping. */
    VALIDATION,
    /** The optimizer, its step sizes and its stopping rules. */
    OPTIMIZER,
    /** How the work is laid out and stored on the cluster. */
    EXECUTION,
    /** What the command line writes, and where. */
    OUTPUT,
    /** Checkpoints of a training run. */
    CHECKPOINT;

    /** Whether its settings name files or their columns, or the command line's outputs. */
    public boolean namesFiles() {
      return this == INPUT || this == OUTPUT;
    }

    /** Whether only training uses its settings (predict and evaluate do not). */
    public boolean trainingOnly() {
      return this == OBJECTIVE || this == VALIDATION || this == OPTIMIZER || this == EXECUTION
          || this == CHECKPOINT;
    }
  }

  /** Parses and validates a text value, or throws IllegalArgumentException saying why not. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String text);
  }

  private final Scope scope;
  private final boolean definesRun;
  private final String key;
  private final String description;
  private final T defaultValue;
  private final String defaultText;
  private final String allowed;
  private final Parser<T> parser;

  /**
   * @param defaultText the default as users write it, parsed for the default value; null for a
   *     setting without a default (shown as "none", valued null)
   */
  Setting(Scope scope, boolean definesRun, String key, String description, String defaultText,
      String allowed, Parser<T> parser) {
    this.scope = scope;
    this.definesRun = definesRun;
    this.key = key;
    this.description = description;
    this.defaultText = defaultText == null ? "none" : defaultText;
    this.allowed = allowed;
    this.parser = parser;
    this.defaultValue = defaultText == null ? null : parser.parse(defaultText);
  }

  public String key() {
    return key;
  }

  /** What part of a run it is about. */
  public Scope scope() {
    return scope;
  }

  /**
   * Whether it changes the result of training, so that a run resumed from a checkpoint must
   * have it unchanged (epochs, tolerance, paths and checkpoint settings may change; input
   * settings are checked through the data instead).
   */
  public boolean definesRun() {
    return definesRun;
  }

  public String description() {
    return description;
  }

  /** The default, or null for none/auto. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as users write it ("auto", "none", "0.9"). */
  public String defaultText() {
    return defaultText;
  }

  /** The allowed values, in words, as error messages and the settings table show them. */
  public String allowed() {
    return allowed;
  }

  /**
   * Parses a value; the error names the key, the value and what is allowed.
   *
   * @throws ConfigException if the value is not allowed
   */
  public T parse(String text) {
    String t = text.trim();
    try {
      return parser.parse(t);
    } catch (IllegalArgumentException e) {
      String why = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
      throw new ConfigException(key, "bad value for " + key + ": '" + t + "'" + why
          + "; allowed: " + allowed);
    }
  }

  @Override
  public String toString() {
    return key;
  }
}
