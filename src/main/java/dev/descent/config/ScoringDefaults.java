package dev.descent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * predict and evaluate read their input as the model's training run read its own, unless told
 * otherwise: the settings the model recorded (model.json's {@code settings}) fill in those not
 * given. {@code format} is taken when training set it and the input's name does not say its
 * format itself (see {@link Checks#formatFromName}); the column settings are taken when both inputs are CSV ({@code header},
 * {@code delimiter}, {@code labelColumn}, {@code weightColumn}) or both are Spark data sources
 * ({@code labelColumn}, {@code weightColumn}, and {@code featuresColumn} or
 * {@code featureColumns} unless either is given). CSV column names are taken only when the
 * header setting is the training run's. Only values that differ from the defaults are taken, so
 * nothing changes for a model trained with the defaults.
 */
public final class ScoringDefaults {
  private static final List<Setting<?>> CSV = List.of(Settings.HEADER, Settings.DELIMITER,
      Settings.LABEL_COLUMN, Settings.WEIGHT_COLUMN);
  private static final List<Setting<?>> FRAME = List.of(Settings.LABEL_COLUMN,
      Settings.WEIGHT_COLUMN, Settings.FEATURES_COLUMN, Settings.FEATURE_COLUMNS);

  private ScoringDefaults() {}

  /** The settings to score with, and those taken from the model (key to value, in order). */
  public record Applied(Config config, Map<String, String> taken) {
    /** The note saying what was taken, or null if nothing was. */
    public String note() {
      if (taken.isEmpty()) {
        return null;
      }
      StringBuilder s = new StringBuilder();
      taken.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=')
          .append(v));
      return "reading the input as the model's training run read its own: " + s
          + " (from the model; give " + (taken.size() == 1 ? "it" : "them")
          + " on the command line to read it otherwise)";
    }
  }

  /**
   * @param given the command's settings
   * @param trained the settings the model was trained with (as model.json records them)
   */
  public static Applied apply(Config given, Map<String, String> trained) {
    Config training = recorded(trained);
    if (training == null || training.get(Settings.INPUT) == null
        || given.get(Settings.INPUT) == null) {
      return new Applied(given, Map.of()); // trained in memory, or a model from elsewhere
    }
    Map<String, String> taken = new LinkedHashMap<>();
    if (!given.isSet(Settings.FORMAT) && training.isSet(Settings.FORMAT)
        && !Checks.formatFromName(given)) {
      taken.put(Settings.FORMAT.key(), training.explicit().get(Settings.FORMAT.key()));
    }
    Config scoring = given.overriddenBy(Config.of(taken));
    String kind = kind(training);
    if (kind.equals(kind(scoring))) {
      boolean featuresGiven = given.isSet(Settings.FEATURES_COLUMN)
          || given.isSet(Settings.FEATURE_COLUMNS);
      // CSV column names mean something only with the header they were trained with.
      boolean sameHeader = !given.isSet(Settings.HEADER)
          || given.get(Settings.HEADER).equals(training.get(Settings.HEADER));
      for (Setting<?> s : kind.equals("csv") ? CSV : kind.equals("frame") ? FRAME
          : List.<Setting<?>>of()) {
        boolean features = s == Settings.FEATURES_COLUMN || s == Settings.FEATURE_COLUMNS;
        boolean column = s == Settings.LABEL_COLUMN || s == Settings.WEIGHT_COLUMN;
        if (!given.isSet(s) && training.isSet(s) && !(features && featuresGiven)
            && !(column && kind.equals("csv") && !sameHeader)) {
          taken.put(s.key(), training.explicit().get(s.key()));
        }
      }
    }
    return new Applied(given.overriddenBy(Config.of(taken)), taken);
  }

  /**
   * The recorded input settings that differ from their defaults, or null if they are not valid
   * settings of this version.
   */
  private static Config recorded(Map<String, String> trained) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Setting<?> s : List.of(Settings.INPUT, Settings.FORMAT, Settings.HEADER,
        Settings.DELIMITER, Settings.LABEL_COLUMN, Settings.WEIGHT_COLUMN,
        Settings.FEATURES_COLUMN, Settings.FEATURE_COLUMNS)) {
      String v = trained.get(s.key());
      if (v != null && !v.trim().equals(s.defaultText())) {
        m.put(s.key(), v);
      }
    }
    try {
      return Config.of(m);
    } catch (ConfigException e) {
      return null;
    }
  }

  /** csv, libsvm, or frame (a Spark data source). */
  private static String kind(Config c) {
    return Checks.sparkSource(c) != null ? "frame"
        : Checks.format(c).name().toLowerCase(java.util.Locale.ROOT);
  }
}
