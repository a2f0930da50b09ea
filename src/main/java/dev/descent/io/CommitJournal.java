package dev.descent.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The journal of one output replacement, {@code .NAME.commit} beside the output: written (as a
 * draft, then renamed into place, so it is whole or absent) before the first rename of a commit,
 * naming the staging directory and the name the old output is moved aside to, and deleted after
 * the last step. While it exists, no other run starts a commit of the same output.
 *
 * <p>A journal whose owner no longer runs marks an interrupted replacement, which
 * {@link #settle} finishes: if the staging directory is still there, the new output never
 * reached the path, so the replacement is undone (the old output moved back); otherwise the new
 * output is in place and complete (everything was written before the journal), so the
 * replacement is completed (marker written, old output deleted). Either way the path ends with a
 * complete output, and one note says which.
 */
final class CommitJournal implements AutoCloseable {
  private static final String MAGIC = "descent-commit 1";
  /** How long a run waits for another run's replacement of the same output to finish. */
  private static final long WAIT_MILLIS = 30_000;
  /** The age after which a journal of a process on another host is taken as abandoned. */
  static final long STALE_MILLIS = 3_600_000;

  private final FileSystem fs;
  private final Path target;
  private final Path path;
  private final Map<String, String> fields;

  private CommitJournal(FileSystem fs, Path target, Map<String, String> fields) {
    this.fs = fs;
    this.target = target;
    this.path = pathOf(target);
    this.fields = fields;
  }

  static Path pathOf(Path target) {
    return new Path(target.getParent(), "." + target.getName() + ".commit");
  }

  /**
   * Writes the journal of a replacement of {@code target} by {@code staging}, moving the old
   * output (if {@code aside} is not null) to {@code aside}.
   *
   * @throws OutputLocationException if another run that still runs is replacing the output
   */
  static CommitJournal open(FileSystem fs, Path target, Path staging, Path aside,
      boolean markSuccess, Consumer<String> notes) throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("owner", Owner.current().token());
    f.put("staging", staging.getName());
    f.put("aside", aside == null ? "" : aside.getName());
    f.put("success", Boolean.toString(markSuccess));
    CommitJournal journal = new CommitJournal(fs, target, f);
    Path draft = StagedOutput.hidden(target, "journal");
    try (OutputStream out = fs.create(draft, false)) {
      out.write(journal.text().getBytes(StandardCharsets.UTF_8));
    }
    settle(fs, target, notes);
    if (fs.exists(journal.path) || !fs.rename(draft, journal.path)) {
      fs.delete(draft, false);
      throw new OutputLocationException("another run is replacing " + HadoopFiles.display(target)
          + " at the same time (" + journal.path.getName() + " appeared); run one at a time");
    }
    Map<String, String> back = read(fs, journal.path);
    if (back == null || !f.equals(back)) {
      // Another run renamed its own journal over this one at the same instant: it is theirs.
      throw new OutputLocationException("another run is replacing " + HadoopFiles.display(target)
          + " at the same time; run one at a time");
    }
    return journal;
  }

  /** Deletes the journal once a replacement has completed, or was undone by its own run. */
  @Override
  public void close() throws IOException {
    fs.delete(path, false);
  }

  /**
   * Finishes this replacement as if its owner had been killed: used by the owner itself when a
   * step failed with an exception, so that nothing is left half done.
   */
  void recover(Consumer<String> notes) throws IOException {
    finish(notes);
  }

  /**
   * Settles an interrupted replacement of {@code target}, if its journal is there: waits for a
   * replacement by a run that still runs to finish, and finishes (forward or back) one whose
   * process no longer runs, saying what it did.
   *
   * @throws OutputLocationException if another run is still replacing the output after waiting
   */
  static void settle(FileSystem fs, Path target, Consumer<String> notes) throws IOException {
    Path path = pathOf(target);
    long deadline = System.currentTimeMillis()
        + Long.getLong("descent.commitWaitMillis", WAIT_MILLIS);
    while (true) {
      FileStatus st;
      try {
        st = fs.getFileStatus(path);
      } catch (java.io.FileNotFoundException e) {
        return;
      }
      Map<String, String> f = read(fs, path);
      if (f == null && !fs.exists(path)) {
        return; // finished while we looked
      }
      if (f == null) {
        throw new OutputLocationException(HadoopFiles.display(path) + " is not a commit journal"
            + " Descent can read, so the state of " + HadoopFiles.display(target) + " is not"
            + " known; check the output and its hidden siblings, then delete the journal");
      }
      Owner owner = Owner.parse(f.get("owner"));
      Owner.Liveness liveness = owner == null ? Owner.Liveness.DEAD : owner.liveness();
      boolean stale = liveness == Owner.Liveness.UNKNOWN
          && System.currentTimeMillis() - st.getModificationTime() > STALE_MILLIS;
      if (liveness == Owner.Liveness.DEAD || stale) {
        new CommitJournal(fs, target, f).finish(notes);
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new OutputLocationException(HadoopFiles.display(target) + " is being replaced by "
            + owner.describe() + " (" + path.getName() + " beside it); try again once that run"
            + " has finished" + (liveness == Owner.Liveness.UNKNOWN ? " (if it was killed, the"
            + " next run recovers the output once the journal is an hour old)" : ""));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OutputLocationException("interrupted while waiting for another run to finish"
            + " replacing " + HadoopFiles.display(target));
      }
    }
  }

  private void finish(Consumer<String> notes) throws IOException {
    Path parent = target.getParent();
    Path staging = new Path(parent, fields.get("staging"));
    String asideName = fields.getOrDefault("aside", "");
    Path aside = asideName.isEmpty() ? null : new Path(parent, asideName);
    Owner owner = Owner.parse(fields.get("owner"));
    String by = "a replacement of " + HadoopFiles.display(target) + " by "
        + (owner == null ? "another run" : owner.describe()) + " was interrupted";
    String shown = HadoopFiles.display(target);
    if (fs.exists(staging) || !fs.exists(target)) {
      // The new output never reached the path: undo.
      boolean restored = false;
      if (aside != null && fs.exists(aside)) {
        if (fs.exists(target)) {
          // Not after a rename on a file system whose renames are atomic (local, HDFS), but on an
          // object store a rename is a copy, which may have been cut short: leave both.
          throw new OutputLocationException(by + ", and both " + shown + " and the previous"
              + " output (" + aside + ") exist: keep the one you want and delete the other"
              + " and " + pathOf(target));
        }
        if (!fs.rename(aside, target)) {
          throw new IOException("cannot move " + aside + " back to " + target);
        }
        restored = true;
      }
      fs.delete(staging, true);
      notes.accept(by + " before the new output was in place: " + (restored
          ? "restored the previous output at " + shown
          : fs.exists(target) ? "kept the previous output at " + shown
          : "removed its unfinished output (nothing was at " + shown + " before)"));
    } else {
      // The new output is in place, and was complete before the journal was written: finish.
      if (Boolean.parseBoolean(fields.get("success"))) {
        fs.create(new Path(target, StagedOutput.SUCCESS_MARKER), true).close();
      }
      if (aside != null) {
        fs.delete(aside, true);
      }
      notes.accept(by + " after the new output was in place: completed it (marked "
          + shown + " complete and removed the previous output)");
    }
    fs.delete(pathOf(target), false);
  }

  private String text() {
    StringBuilder s = new StringBuilder(MAGIC).append('\n');
    fields.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    return s.append("end\n").toString();
  }

  /** The journal's fields, or null if it is not a whole journal. */
  private static Map<String, String> read(FileSystem fs, Path path) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream in = fs.open(path)) {
      in.transferTo(bytes);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    if (lines.length < 2 || !lines[0].equals(MAGIC) || !lines[lines.length - 1].equals("end")) {
      return null;
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 1; i < lines.length - 1; i++) {
      int eq = lines[i].indexOf('=');
      if (eq <= 0) {
        return null;
      }
      f.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
    }
    return f.containsKey("owner") && f.containsKey("staging") ? f : null;
  }
}
