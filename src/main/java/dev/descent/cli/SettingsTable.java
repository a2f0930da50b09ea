package dev.descent.cli;

import dev.descent.config.Setting;
import dev.descent.config.Settings;

/** The settings table, generated from the declarations, for {@code help} and docs/settings.md. */
public final class SettingsTable {
  private SettingsTable() {}

  /** A markdown table: key, meaning, default, allowed values. */
  public static String markdown() {
    StringBuilder s = new StringBuilder("| key | meaning | default | allowed values |\n");
    s.append("| --- | --- | --- | --- |\n");
    for (Setting<?> setting : Settings.all()) {
      s.append("| `").append(setting.key()).append("` | ")
          .append(setting.description().replace("|", "\\|")).append(" | `")
          .append(setting.defaultText()).append("` | ")
          .append(setting.allowed().replace("|", "\\|")).append(" |\n");
    }
    return s.toString();
  }
}
