package dev.descent.config;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An immutable, validated set of explicitly given settings; everything else takes its declared
 * default. Round-trips through properties files: {@code Config.fromProperties(c.toProperties())}
 * equals {@code c}.
 */
public final class Config {
  private final Map<String, String> texts; // key -> value as given, in declaration order
  private final Map<String, Object> values; // key -> parsed value (null = auto/none)

  private Config(Map<String, String> texts, Map<String, Object> values) {
    this.texts = texts;
    this.values = values;
  }

  public static Config empty() {
    return new Config(Collections.emptyMap(), Collections.emptyMap());
  }

  /**
   * Validates key/value pairs.
   *
   * @throws ConfigException for an unknown key (suggesting the nearest known one) or a bad value
   */
  public static Config of(Map<String, String> settings) {
    Map<String, String> texts = new TreeMap<>(Config::declarationOrder);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey().trim();
      checkKnown(key);
      Setting<?> s = Settings.byKey(key);
      values.put(key, s.parse(e.getValue()));
      texts.put(key, e.getValue().trim());
    }
    return new Config(Collections.unmodifiableMap(new LinkedHashMap<>(texts)),
        Collections.unmodifiableMap(values));
  }

  /** Reads a properties file's settings (validated like {@link #of} and {@link #read}). */
  public static Config fromProperties(Reader reader) throws IOException {
    return of(read(reader));
  }

  /**
   * A properties file's settings as text, in file order, before their values are validated (so
   * that a command line can still override a bad one): only the keys are checked.
   *
   * @throws ConfigException for an unknown key (suggesting the nearest known one), or a key
   *     given twice (naming both values)
   */
  public static Map<String, String> read(Reader reader) throws IOException {
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    Properties p = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public synchronized Object put(Object key, Object value) {
        entries.add(Map.entry((String) key, (String) value));
        return super.put(key, value);
      }
    };
    p.load(reader);
    for (Map.Entry<String, String> e : entries) {
      checkKnown(e.getKey().trim());
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : entries) {
      String key = e.getKey().trim();
      String before = settings.putIfAbsent(key, e.getValue());
      if (before != null) {
        throw givenTwice(key, before, e.getValue(), "");
      }
    }
    return settings;
  }

  /**
   * The usage error for a key given twice in one place ({@code where}: "", or say " on the
   * command line"): which value wins would depend on the order, so neither does.
   */
  public static ConfigException givenTwice(String key, String first, String second,
      String where) {
    return new ConfigException(key, key + " is given twice" + where + ": '" + first.trim()
        + "' and '" + second.trim() + "'; give it once");
  }

  /**
   * Checks that a key names a setting.
   *
   * @throws ConfigException for an unknown key, suggesting the nearest known one
   */
  public static void checkKnown(String key) {
    if (Settings.byKey(key) == null) {
      throw unknownKey(key);
    }
  }

  public static Config fromProperties(Properties p) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      m.put(k, p.getProperty(k));
    }
    return of(m);
  }

  /** This config with {@code other}'s settings added, {@code other} winning. */
  public Config overriddenBy(Config other) {
    Map<String, String> m = new LinkedHashMap<>(texts);
    m.putAll(other.texts);
    return of(m);
  }

  /** This config with one more setting (validated). */
  public Config with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(texts);
    m.put(key, value);
    return of(m);
  }

  /** The value: as given, or the declared default. Null means auto/none. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> s) {
    return values.containsKey(s.key()) ? (T) values.get(s.key()) : s.defaultValue();
  }

  public boolean isSet(Setting<?> s) {
    return texts.containsKey(s.key());
  }

  /** The settings given explicitly, as text, in declaration order. */
  public Map<String, String> explicit() {
    return texts;
  }

  /** Every setting, as text: explicit ones as given, the rest as their defaults. */
  public Map<String, String> effective() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Setting<?> s : Settings.all()) {
      m.put(s.key(), texts.getOrDefault(s.key(), s.defaultText()));
    }
    return m;
  }

  public Properties toProperties() {
    Properties p = new Properties();
    p.putAll(texts);
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Config c && c.texts.equals(texts);
  }

  @Override
  public int hashCode() {
    return texts.hashCode();
  }

  @Override
  public String toString() {
    return texts.toString();
  }

  private static int declarationOrder(String a, String b) {
    return Integer.compare(Settings.all().indexOf(Settings.byKey(a)),
        Settings.all().indexOf(Settings.byKey(b)));
  }

  private static ConfigException unknownKey(String key) {
    List<String> near = new ArrayList<>();
    for (Setting<?> s : Settings.all()) {
      String k = s.key();
      if (k.equalsIgnoreCase(key) || editDistance(k.toLowerCase(Locale.ROOT),
          key.toLowerCase(Locale.ROOT)) <= 2) {
        near.add(k);
      }
    }
    String hint = near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)";
    return new ConfigException(key, "unknown setting '" + key + "'" + hint
        + "; see the settings table (./submit.sh help, or docs/settings.md)");
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
