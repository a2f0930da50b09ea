package dev.descent.config;

import dev.descent.data.SettingException;

/** A bad setting: unknown key, bad value, or settings that contradict each other. */
public class ConfigException extends SettingException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String key, String message) {
    super(key, message);
  }

  private ConfigException(SettingException e) {
    super(e.key(), e.getMessage(), e);
  }

  /** The engine's setting error as the configuration's own (the API's one type for both). */
  public static ConfigException of(SettingException e) {
    return e instanceof ConfigException c ? c : new ConfigException(e);
  }
}
