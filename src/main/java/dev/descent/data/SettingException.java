package dev.descent.data;

/**
 * A setting that does not fit what the run met: the data, a checkpoint, a model, an output. The
 * engine knows settings only by their keys, which it names here; the configuration layer's
 * {@code ConfigException} is one too, and the Java API reports every one as that.
 */
public class SettingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public SettingException(String key, String message) {
    super(message);
    this.key = key;
  }

  public SettingException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The setting at fault, or null when the problem is not one key's. */
  public String key() {
    return key;
  }
}
