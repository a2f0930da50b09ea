package dev.descent.config;

/**
 * One setting, declared once: its key, what it means, its default, and how a text value is
 * parsed and validated. Values are immutable; a default of {@code null} means "none" or "auto",
 * as {@link #defaultText()} says.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {

  /** Parses and validates a text value, or throws IllegalArgumentException saying why not. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String text);
  }

  private final String key;
  private final String description;
  private final T defaultValue;
  private final String defaultText;
  private final String allowed;
  private final Parser<T> parser;

  Setting(String key, String description, T defaultValue, String defaultText, String allowed,
      Parser<T> parser) {
    this.key = key;
    this.description = description;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.allowed = allowed;
    this.parser = parser;
  }

  public String key() {
    return key;
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

  /** The allowed values, in words, as error messages and the README show them. */
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
