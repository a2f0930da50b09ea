package dev.descent.io;

/** The output path exists and overwriting was not asked for. */
public class OutputExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutputExistsException(String path) {
    super("output " + path + " already exists; set overwrite=true to replace it (the old output"
        + " is removed only once the new one is complete)");
  }
}
