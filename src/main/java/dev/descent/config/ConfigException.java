package dev.descent.config;

/** A bad setting: unknown key, bad value, or settings that contradict each other. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The setting at fault, or null when the problem is not one key's. */
  public String key() {
    return key;
  }
}
