package dev.descent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.cli.SettingsTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated settings table, and the copy of it in docs/settings.md. */
class SettingsTableReadmeTest {

  @Test
  void tableHasOneRowPerSettingWithItsDefault() {
    String table = SettingsTable.markdown();
    String[] lines = table.split("\n");
    assertEquals(2 + Settings.all().size(), lines.length);
    assertEquals("| key | meaning | default | allowed values |", lines[0]);
    assertTrue(table.contains("| `epochs` | Maximum passes over the data (L-BFGS: iterations). |"
        + " `100` | a positive integer |\n"), table);
  }

  /** The table lives in docs/settings.md (the README links to it). */
  @Test
  void settingsDocContainsTheGeneratedSettingsTableVerbatim() throws IOException {
    String doc = Files.readString(Path.of("docs/settings.md"), StandardCharsets.UTF_8)
        .replace("\r\n", "\n");
    assertTrue(doc.contains(SettingsTable.markdown()),
        "docs/settings.md's settings table is out of date; paste the table './submit.sh help'"
            + " prints");
  }
}
