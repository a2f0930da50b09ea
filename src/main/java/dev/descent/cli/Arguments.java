package dev.descent.cli;

import dev.descent.config.Config;
import dev.descent.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code COMMAND [FILE.properties] [key=value ...]}: the command, settings from an optional
 * properties file, and overrides that win over it.
 */
record Arguments(String command, Config config) {
  static final List<String> COMMANDS = List.of("train", "predict", "evaluate", "export");

  static Arguments parse(String[] args) {
    if (args.length == 0) {
      throw new UsageException("no command given");
    }
    String command = args[0];
    if (!COMMANDS.contains(command)) {
      throw new UsageException("unknown command '" + command + "'; use one of " + COMMANDS);
    }
    Path file = null;
    Map<String, String> fromFile = Map.of();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      int eq = a.indexOf('=');
      if (eq < 0) {
        if (i != 1) {
          throw new UsageException("'" + a + "' is not key=value (a properties file may only come"
              + " right after the command)");
        }
        file = Path.of(a);
        fromFile = load(file);
      } else if (eq == 0) {
        throw new UsageException("'" + a + "' has no key before '='");
      } else {
        String key = a.substring(0, eq).trim();
        String before = overrides.putIfAbsent(key, a.substring(eq + 1));
        if (before != null) {
          throw Config.givenTwice(key, before, a.substring(eq + 1), " on the command line");
        }
      }
    }
    return new Arguments(command, merge(file, fromFile, overrides));
  }

  /**
   * The file's settings overridden by the command line's, validated together: a bad value in
   * the file is an error only if the command line does not replace it.
   */
  private static Config merge(Path file, Map<String, String> fromFile,
      Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(fromFile);
    merged.putAll(overrides);
    try {
      return Config.of(merged);
    } catch (ConfigException e) {
      if (file != null && fromFile.containsKey(e.key()) && !overrides.containsKey(e.key())) {
        throw inFile(file, e);
      }
      throw e;
    }
  }

  private static Map<String, String> load(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return Config.read(r);
    } catch (ConfigException e) {
      throw inFile(file, e);
    } catch (NoSuchFileException e) {
      throw new UsageException("settings file " + file + " does not exist");
    } catch (IOException e) {
      throw new UsageException("cannot read settings file " + file + ": " + e.getMessage());
    }
  }

  private static ConfigException inFile(Path file, ConfigException e) {
    String hint = file.toString().endsWith(".properties") ? ""
        : " (the argument after the command is read as a properties file of key=value"
            + " settings; to use " + file + " as data, pass input=" + file + ")";
    return new ConfigException(e.key(), "in settings file " + file + ": " + e.getMessage()
        + hint);
  }
}
