package dev.descent.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output directory that appears complete or not at all. Files are written into a hidden
 * staging directory beside the target ({@code .NAME.staging-UUID}, ignored by Hadoop and Spark
 * readers); {@link #commit} renames it into place and then writes the {@code _SUCCESS} marker, as
 * Hadoop's output committers do. On object stores, where a directory rename is a copy, the marker
 * still comes last, so readers that wait for it never see a partial output. A replaced output is
 * deleted only after the new one is in place; closing without committing removes the staging
 * directory.
 */
public final class StagedOutput implements AutoCloseable {
  public static final String SUCCESS_MARKER = "_SUCCESS";

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private boolean committed;

  private StagedOutput(FileSystem fs, Path target, Path staging, boolean overwrite) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
  }

  /**
   * Checks, before any work is done, that {@code path} may be written.
   *
   * @throws OutputExistsException if it exists and {@code overwrite} is false
   */
  public static void checkWritable(String path, boolean overwrite, Configuration conf) {
    Path p = new Path(path);
    try {
      if (!overwrite && p.getFileSystem(conf).exists(p)) {
        throw new OutputExistsException(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check output " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts an output; nothing is visible at {@code path} until {@link #commit}. The staging
   * directory is created by the first file written into it.
   */
  public static StagedOutput begin(String path, boolean overwrite, Configuration conf)
      throws IOException {
    checkWritable(path, overwrite, conf);
    Path target = new Path(path);
    FileSystem fs = target.getFileSystem(conf);
    target = fs.makeQualified(target);
    Path staging = new Path(target.getParent(),
        "." + target.getName() + ".staging-" + UUID.randomUUID());
    return new StagedOutput(fs, target, staging, overwrite);
  }

  /**
   * The staging directory, not yet created, for writers (such as Spark's) that create it and
   * their own files in it.
   */
  public Path staging() {
    return staging;
  }

  /** Creates a file in the staging directory. */
  public OutputStream create(String name) throws IOException {
    return fs.create(new Path(staging, name), false);
  }

  /** Writes a whole small file into the staging directory. */
  public void write(String name, byte[] content) throws IOException {
    try (OutputStream out = create(name)) {
      out.write(content);
    }
  }

  /** Moves the output into place, replacing an old one if allowed, then marks it complete. */
  public void commit() throws IOException {
    commit(true);
  }

  /**
   * Moves the output into place, replacing an old one if allowed.
   *
   * @param markSuccess whether to write the {@code _SUCCESS} marker: false for outputs that record
   *     a failure (readable, but not to be consumed as a result)
   */
  public void commit(boolean markSuccess) throws IOException {
    Path old = null;
    if (fs.exists(target)) {
      if (!overwrite) {
        throw new OutputExistsException(target.toString());
      }
      old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
      if (!fs.rename(target, old)) {
        throw new IOException("cannot move the old output " + target + " aside");
      }
    }
    if (!fs.exists(staging)) {
      fs.mkdirs(staging); // an output with no files is still an output
    }
    if (!fs.rename(staging, target)) {
      if (old != null) {
        fs.rename(old, target);
      }
      throw new IOException("cannot move " + staging + " to " + target);
    }
    committed = true;
    if (markSuccess) {
      fs.create(new Path(target, SUCCESS_MARKER), true).close();
    }
    if (old != null) {
      fs.delete(old, true);
    }
  }

  /** Removes the staging directory unless the output was committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        fs.delete(staging, true);
      } catch (IOException ignored) {
        // best effort: a leftover hidden staging directory is harmless
      }
    }
  }
}
