package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.config.Setting;
import dev.descent.config.Settings;
import org.junit.jupiter.api.Test;

/** {@code help}: the usage and the settings table, on stdout, exit 0. */
class HelpTest {

  @Test
  void helpPrintsEverySettingWithItsDefault() {
    Cli.Result r = Cli.run("help").assertExit(0);

    assertTrue(r.out().contains("| key | meaning | default | allowed values |"), r.out());
    for (Setting<?> s : Settings.all()) {
      String row = "| `" + s.key() + "` | ";
      assertTrue(r.out().contains(row), "no row for " + s.key());
      assertTrue(r.out().contains("| `" + s.defaultText() + "` |"), "no default for " + s.key());
    }
    assertEquals("", r.err());
  }

  @Test
  void helpListsTheSettingsInDeclarationOrder() {
    String out = Cli.run("help").assertExit(0).out();

    int previous = -1;
    for (Setting<?> s : Settings.all()) {
      int at = out.indexOf("| `" + s.key() + "` | ");
      assertTrue(at > previous, s.key() + " out of order");
      previous = at;
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"train --help", "predict --help",
      "evaluate -h", "export --help", "train conf/seed.properties --help", "help predict",
      "train help", "bench --help"})
  void commandHelpPrintsTheCommandAndTheSettings(String line) {
    String[] args = line.split(" ");
    String command = args[0].equals("help") ? args[1] : args[0];

    Cli.Result r = Cli.run(args).assertExit(0);

    assertTrue(r.out().startsWith(command + ": "), r.out());
    assertTrue(r.out().contains("Usage: submit.sh"), r.out());
    assertTrue(r.out().contains("| `epochs` | "), r.out());
    assertEquals("", r.err());
  }

  @Test
  void dashDashHelpIsHelp() {
    assertEquals(Cli.run("help").out(), Cli.run("--help").assertExit(0).out());
  }
}
