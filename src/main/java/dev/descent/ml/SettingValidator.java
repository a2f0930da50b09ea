package dev.descent.ml;

import dev.descent.config.Setting;
import dev.descent.config.Settings;
import java.io.Serializable;
import scala.runtime.AbstractFunction1;

/**
 * A Spark ML param's validity check that is the setting's own parser, so that a bad value fails
 * with the same message as on the command line (a ConfigException naming the key, the value and
 * what is allowed) rather than Spark's generic one.
 */
final class SettingValidator<T> extends AbstractFunction1<T, Object> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;

  SettingValidator(String key) {
    this.key = key;
  }

  @Override
  public Object apply(T value) {
    setting().parse(text(value));
    return Boolean.TRUE;
  }

  /** The setting this param stands for (looked up by key: settings are not serializable). */
  Setting<?> setting() {
    return Settings.byKey(key);
  }

  /** A param value as the setting's text: numbers in Java's round-trip form. */
  static String text(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("null is not a value; leave the param unset instead");
    }
    return String.valueOf(value);
  }
}
