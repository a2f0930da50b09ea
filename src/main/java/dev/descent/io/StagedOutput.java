package dev.descent.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output directory that appears complete or not at all, and that replaces an old one so that
 * a kill at any point leaves the old or the new output at its path (after recovery).
 *
 * <p>Files are written into a hidden staging directory beside the target
 * ({@code .NAME.staging-RANDOM-OWNER}, ignored by Hadoop and Spark readers). {@link #commit}
 * then follows a journaled protocol ({@link CommitJournal}): it writes {@code .NAME.commit}
 * naming the staging directory and the name the old output will be moved aside to, moves the old
 * output aside, moves the staging directory into place, writes {@code _SUCCESS}, deletes the old
 * output and last the journal. Hadoop has no atomic directory swap; the journal is what makes an
 * interrupted swap recoverable. The next run that touches the output ({@link #prepare},
 * {@link #begin}) or reads a model from it ({@link CommitJournal#settle}) finds the journal of a
 * process that no longer runs and rolls the swap back (the new output was not in place yet: the
 * old one is restored) or forward (it was: its marker is written and the old one deleted), and
 * says which in a note. Hidden leftovers of processes that provably no longer run (staging
 * directories of killed runs) are removed by the next run on the same output; those of a run
 * still going are never touched (ownership is in the name: {@link Owner}).
 *
 * <p>On object stores, where a directory rename is a copy, the marker still comes last, so
 * readers that wait for it never see a partial output.
 */
public final class StagedOutput implements AutoCloseable {
  public static final String SUCCESS_MARKER = "_SUCCESS";
  /** A system property naming a commit step to pause at, for tests that kill the process there. */
  static final String PAUSE_PROPERTY = "descent.test.pauseAt";

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private final Consumer<String> notes;
  private boolean committed;

  private StagedOutput(FileSystem fs, Path target, Path staging, boolean overwrite,
      Consumer<String> notes) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
    this.notes = notes;
  }

  /**
   * Checks, before any work is done, that {@code path} may be written: finishes or undoes a
   * replacement of it that a killed process left half done, removes hidden leftovers of processes
   * that no longer run, refuses an existing output without {@code overwrite}, and creates (and
   * removes) a hidden file where the output will be staged, so that a location that cannot be
   * written is found now.
   *
   * @param setting the setting that names the path, for messages
   * @param notes receives one note per thing done (a recovery, leftovers removed)
   * @throws OutputExistsException if it exists and {@code overwrite} is false
   * @throws OutputLocationException if it cannot be written, or another run is replacing it
   */
  public static void prepare(String setting, String path, boolean overwrite, Configuration conf,
      Consumer<String> notes) {
    try {
      Path target = qualified(path, conf);
      FileSystem fs = target.getFileSystem(conf);
      if (target.getParent() == null) {
        throw new OutputLocationException(setting + "=" + path + " is the root of a file system;"
            + " name a directory to create");
      }
      CommitJournal.settle(fs, target, notes);
      Leftovers.remove(fs, target, notes);
      if (!overwrite && fs.exists(target)) {
        throw new OutputExistsException(path);
      }
      Locations.requireWritable(setting, path, fs, target.getParent(),
          hidden(target, "probe").getName());
    } catch (IOException e) {
      throw new OutputLocationException("cannot check " + setting + " " + path + ": "
          + e.getMessage());
    }
  }

  /**
   * Starts an output; nothing is visible at {@code path} until {@link #commit}. The staging
   * directory is created by the first file written into it. An interrupted replacement of the
   * path is settled first, as in {@link #prepare}.
   */
  public static StagedOutput begin(String path, boolean overwrite, Configuration conf,
      Consumer<String> notes) throws IOException {
    Path target = qualified(path, conf);
    FileSystem fs = target.getFileSystem(conf);
    CommitJournal.settle(fs, target, notes);
    if (!overwrite && fs.exists(target)) {
      throw new OutputExistsException(path);
    }
    return new StagedOutput(fs, target, hidden(target, "staging"), overwrite, notes);
  }

  /**
   * Finishes or undoes a replacement of the output at {@code path} that a process which no
   * longer runs left half done (waiting a little for one that still runs), so that a reader
   * finds a complete output there; says what it did through {@code notes}. Does nothing when no
   * replacement is under way, which is one file-status call.
   *
   * @throws OutputLocationException if another run is still replacing it after waiting
   */
  public static void settle(String path, Configuration conf, Consumer<String> notes)
      throws IOException {
    Path target = qualified(path, conf);
    if (target.getParent() != null) {
      CommitJournal.settle(target.getFileSystem(conf), target, notes);
    }
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
   * Moves the output into place, replacing an old one if allowed, through the journaled
   * protocol described above.
   *
   * @param markSuccess whether to write the {@code _SUCCESS} marker: false for outputs that record
   *     a failure (readable, but not to be consumed as a result)
   */
  public void commit(boolean markSuccess) throws IOException {
    if (!fs.exists(staging)) {
      fs.mkdirs(staging); // an output with no files is still an output
    }
    pause("staged");
    boolean replacing = fs.exists(target);
    if (replacing && !overwrite) {
      throw new OutputExistsException(target.toString());
    }
    Path aside = replacing ? hidden(target, "old") : null;
    CommitJournal journal = CommitJournal.open(fs, target, staging, aside, markSuccess, notes);
    try {
      pause("journal");
      if (aside != null && !fs.rename(target, aside)) {
        throw new IOException("cannot move the old output " + target + " aside");
      }
      pause("aside");
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot move " + staging + " to " + target);
      }
      committed = true;
      pause("placed");
      if (markSuccess) {
        fs.create(new Path(target, SUCCESS_MARKER), true).close();
      }
      pause("marked");
      if (aside != null) {
        fs.delete(aside, true);
      }
      pause("cleaned");
    } catch (IOException | RuntimeException e) {
      journal.recover(notes); // back to the old output, or on to the complete new one
      throw e;
    }
    journal.close();
  }

  /** Removes the staging directory unless the output was committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        fs.delete(staging, true);
      } catch (IOException ignored) {
        // best effort: the next run on this output removes it (its owner no longer runs)
      }
    }
  }

  /** The path, qualified with its file system (absolute, with a scheme). */
  static Path qualified(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).makeQualified(p);
  }

  /** A hidden sibling of {@code target} of this kind, owned by this process. */
  static Path hidden(Path target, String kind) {
    return new Path(target.getParent(), Leftovers.name(target, kind,
        UUID.randomUUID().toString().substring(0, 8), Owner.current()));
  }

  /**
   * For tests that kill the process in the middle of a commit: stops here, for good, when the
   * {@value #PAUSE_PROPERTY} system property names this step, after saying so on stderr.
   */
  static void pause(String step) {
    if (step.equals(System.getProperty(PAUSE_PROPERTY))) {
      System.err.println("descent.test: paused at " + step);
      System.err.flush();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
