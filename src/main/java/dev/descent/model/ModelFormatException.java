package dev.descent.model;

/** A model file that is not a model Descent can read: corrupt, truncated, or from another version. */
public class ModelFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
