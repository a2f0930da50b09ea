package dev.descent.engine;

import dev.descent.data.SettingException;
import dev.descent.io.CheckpointFile;
import dev.descent.io.HadoopFiles;
import dev.descent.io.OutputLocationException;
import dev.descent.io.Owner;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoint directory of a run: {@code checkpoint-NNNNNNNNNNNN.ckpt} files numbered by
 * progress (optimizer steps, or L-BFGS iterations). A new checkpoint is complete before the older
 * ones are removed, and the newest two are kept, so a damaged newest one (reported on resume)
 * still leaves a good one.
 *
 * <p>A checkpoint directory belongs to one run. Every checkpoint names its run (a random id
 * given when a run starts afresh and carried on by the runs that resume it), and a run removes
 * only its own old checkpoints. A run that starts afresh where another run's checkpoints are
 * refuses (exit 2), unless {@code discardCheckpoints=true} lets it delete them. While a run uses
 * the directory, {@value #LOCK} in it names the process ({@link Owner}); a second run is refused
 * while that process runs, and takes over once it provably does not (on its own host: the
 * process is gone) or, for a process on another host, once the lock has not been refreshed (every
 * minute) for ten minutes. Each checkpoint is written only after checking that the lock is still
 * this run's, so two runs never interleave their checkpoints. (Over 300 lines: the directory,
 * its lock and its ownership rules belong together.)
 */
public final class Checkpoints implements AutoCloseable {
  static final String LOCK = "checkpoint.lock";
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.ckpt");
  private static final String LOCK_MAGIC = "descent-checkpoint-lock 1";
  private static final int KEEP = 2;
  private static final long REFRESH_MILLIS = 60_000;
  private static final long LEASE_MILLIS = 10 * REFRESH_MILLIS;

  private final FileSystem fs;
  private final Path dir;
  private final CheckpointInterval every;
  private String run;
  private final String claim = UUID.randomUUID().toString();
  private final Set<String> own = new HashSet<>();
  private final ScheduledExecutorService refresher;
  private CheckpointFile.Content resumable;

  private Checkpoints(FileSystem fs, Path dir, CheckpointInterval every) {
    this.fs = fs;
    this.dir = dir;
    this.every = every;
    this.run = UUID.randomUUID().toString();
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "descent-checkpoint-lock");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Claims the checkpoint directory of {@code plan} for one run, or returns null without one
   * (a null plan): takes the lock, finds the checkpoint to resume from (with
   * {@code resume=true}), and refuses to start afresh among another run's checkpoints unless
   * {@code discardCheckpoints=true}. Close it when the run ends (it releases the lock).
   *
   * @param notes receives notes: damaged checkpoints skipped, a stale lock taken over,
   *     checkpoints discarded
   * @throws SettingException if another run's checkpoints are there (exit 2)
   * @throws OutputLocationException if another run that still runs uses the directory
   */
  public static Checkpoints claim(TrainingPlan.Checkpointing plan, Configuration conf,
      Consumer<String> notes) {
    if (plan == null) {
      return null;
    }
    String location = plan.directory();
    Checkpoints c = null;
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(conf);
      path = fs.makeQualified(path);
      c = new Checkpoints(fs, path, plan.every());
      c.lock(notes);
      c.adopt(plan, notes);
      return c;
    } catch (IOException e) {
      if (c != null) {
        c.close();
      }
      throw new UncheckedIOException("cannot use checkpointDir " + location + ": "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (c != null) {
        c.close();
      }
      throw e;
    }
  }

  /**
   * Decides whose run this is: the run of the checkpoint resumed from, or a new one (after
   * refusing or discarding another run's checkpoints).
   */
  private void adopt(TrainingPlan.Checkpointing plan, Consumer<String> notes)
      throws IOException {
    List<Path> all = list();
    CheckpointFile.Content newest = plan.resume() ? newest(all, notes) : null;
    if (newest == null && !all.isEmpty()) {
      String shown = HadoopFiles.display(dir);
      if (!plan.discard()) {
        throw new SettingException("checkpointDir", shown + " holds "
            + all.size() + " checkpoint" + (all.size() == 1 ? "" : "s") + " of another run"
            + " (newest " + all.get(0).getName() + ")" + (plan.resume()
                ? ", none of which can be resumed" : "") + ", and a run that starts afresh"
            + " would mix with them: " + (plan.resume() ? ""
                : "resume=true continues that run; ") + "discardCheckpoints=true deletes them"
            + " and starts afresh; or choose another checkpointDir");
      }
      for (Path p : all) {
        fs.delete(p, false);
      }
      notes.accept("discarded " + all.size() + " checkpoint" + (all.size() == 1 ? "" : "s")
          + " of another run in " + shown + " (discardCheckpoints=true)");
    }
    if (newest == null) {
      return;
    }
    run = runOf(newest.header());
    resumable = newest;
    for (Path p : all) {
      try {
        if (run.equals(runOf(CheckpointFile.header(fs, p)))) {
          own.add(p.getName());
        }
      } catch (IOException e) {
        // unreadable: not provably this run's, so never deleted by it
      }
    }
  }

  /** The checkpoint to resume from, read when the directory was claimed, or null. */
  CheckpointFile.Content resumable() {
    return resumable;
  }

  /**
   * The partition count of the checkpoint to resume from, or 0 if there is none: reading the
   * input into as many partitions gives the same split, which mini-batch sampling depends on.
   */
  public int resumablePartitions() {
    return resumable == null ? 0 : Snapshot.partitions(resumable);
  }

  /** The sink that writes a run's loop states here, each with what identifies the run. */
  CheckpointSink sink(Snapshot.Identity identity) {
    return new CheckpointSink() {
      @Override
      public boolean dueAfterStep(long step) {
        return every.steps() && step % every.count() == 0;
      }

      @Override
      public boolean dueAfterEpoch(long epoch) {
        return !every.steps() && epoch % every.count() == 0;
      }

      @Override
      public void save(LoopState state) {
        Checkpoints.this.save(state.globalStep(), Snapshot.encode(state, identity));
      }
    };
  }

  /**
   * Writes a checkpoint numbered {@code progress}, then removes all but the newest few of this
   * run's own.
   *
   * @throws OutputLocationException if another run has taken the directory over meanwhile
   */
  private void save(long progress, CheckpointFile.Content content) {
    try {
      checkLock();
      fs.mkdirs(dir);
      content.header().put("run", run);
      Path path = new Path(dir, String.format("checkpoint-%012d.ckpt", progress));
      CheckpointFile.write(fs, path, content);
      own.add(path.getName());
      List<String> mine = new ArrayList<>(own);
      mine.sort(Comparator.reverseOrder());
      for (int i = KEEP; i < mine.size(); i++) {
        fs.delete(new Path(dir, mine.get(i)), false);
        own.remove(mine.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a checkpoint to " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /** Releases the directory: stops refreshing the lock and deletes it if it is still this run's. */
  @Override
  public void close() {
    refresher.shutdownNow();
    synchronized (this) {
      try {
        Lock held = readLock();
        if (held != null && claim.equals(held.claim)) {
          fs.delete(new Path(dir, LOCK), false);
        }
      } catch (IOException e) {
        // best effort: a lock whose process has ended is taken over by the next run
      }
    }
  }

  /**
   * The newest checkpoint that reads back whole, or null if there is none; damaged ones are
   * skipped and reported through {@code notes}.
   */
  private CheckpointFile.Content newest(List<Path> all, Consumer<String> notes) {
    for (Path p : all) {
      try {
        CheckpointFile.Content c = CheckpointFile.read(fs, p);
        notes.accept("resuming from checkpoint " + p);
        return c;
      } catch (IOException e) {
        notes.accept("checkpoint " + p + " cannot be used (" + e.getMessage()
            + "); trying the one before it");
      }
    }
    return null;
  }

  /** Checkpoint files, newest first. */
  private List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      if (st.isFile() && NAME.matcher(st.getPath().getName()).matches()) {
        out.add(st.getPath());
      }
    }
    out.sort(Comparator.comparing((Path p) -> p.getName()).reversed());
    return out;
  }

  /** The run a checkpoint header names; checkpoints from before runs were named share "". */
  private static String runOf(com.fasterxml.jackson.databind.JsonNode header) {
    return header.path("run").asText("");
  }

  // ---- The lock ----

  /** What a lock file says: the owning process, and the claim (one per run) that wrote it. */
  private record Lock(Owner owner, String claim, long modified) {}

  private void lock(Consumer<String> notes) throws IOException {
    fs.mkdirs(dir);
    Path path = new Path(dir, LOCK);
    Lock held = readLock();
    if (held != null) {
      Owner.Liveness l = held.owner == null ? Owner.Liveness.UNKNOWN : held.owner.liveness();
      long age = System.currentTimeMillis() - held.modified;
      boolean stale = l == Owner.Liveness.DEAD
          || (l == Owner.Liveness.UNKNOWN && age > LEASE_MILLIS);
      if (!stale) {
        throw inUse(held);
      }
      fs.delete(path, false);
      notes.accept("took over checkpointDir " + HadoopFiles.display(dir) + " from "
          + (held.owner == null ? "a run" : held.owner.describe()) + ", which "
          + (l == Owner.Liveness.DEAD ? "no longer runs" : "has not refreshed its lock for "
              + age / 60_000 + " minutes"));
    }
    try (OutputStream out = fs.create(path, false)) {
      out.write(lockText());
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw inUse(readLock());
    }
    Lock mine = readLock();
    if (mine == null || !claim.equals(mine.claim)) {
      throw inUse(mine);
    }
    refresher.scheduleWithFixedDelay(this::refresh, REFRESH_MILLIS, REFRESH_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  private synchronized void refresh() {
    try {
      Lock held = readLock();
      if (held != null && claim.equals(held.claim)) {
        try (OutputStream out = fs.create(new Path(dir, LOCK), true)) {
          out.write(lockText());
        }
      }
    } catch (IOException e) {
      // checked again before every checkpoint
    }
  }

  private synchronized void checkLock() throws IOException {
    Lock held = readLock();
    if (held == null || !claim.equals(held.claim)) {
      throw new OutputLocationException("checkpointDir " + HadoopFiles.display(dir) + " was"
          + " taken over by " + (held == null || held.owner == null ? "another run"
              : held.owner.describe()) + " while this run was using it; stopping so that two"
          + " runs do not mix their checkpoints");
    }
  }

  private OutputLocationException inUse(Lock held) {
    if (held != null && held.owner == null) {
      return new OutputLocationException("checkpointDir " + HadoopFiles.display(dir) + " has a"
          + " " + LOCK + " that cannot be read, written less than ten minutes ago: another run"
          + " may be using the directory (if none is, delete the lock)");
    }
    return new OutputLocationException("checkpointDir " + HadoopFiles.display(dir) + " is in"
        + " use by " + (held == null || held.owner == null ? "another run"
            : held.owner.describe()) + ", which still runs (" + LOCK + " in it); two runs"
        + " cannot share a checkpoint directory: wait for it to finish, or choose another"
        + " checkpointDir");
  }

  private byte[] lockText() {
    return (LOCK_MAGIC + "\nowner=" + Owner.current().token() + "\nclaim=" + claim
        + "\nend\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The lock as it stands, or null if there is none; a lock that cannot be read has no owner. */
  private Lock readLock() throws IOException {
    Path path = new Path(dir, LOCK);
    FileStatus st;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      st = fs.getFileStatus(path);
      try (InputStream in = fs.open(path)) {
        in.transferTo(bytes);
      }
    } catch (FileNotFoundException e) {
      return null;
    }
    Owner owner = null;
    String claimed = null;
    String text = bytes.toString(StandardCharsets.UTF_8);
    if (text.startsWith(LOCK_MAGIC + "\n") && text.endsWith("\nend\n")) {
      for (String line : text.split("\n")) {
        if (line.startsWith("owner=")) {
          owner = Owner.parse(line.substring("owner=".length()));
        } else if (line.startsWith("claim=")) {
          claimed = line.substring("claim=".length());
        }
      }
    }
    return new Lock(owner, claimed, st.getModificationTime());
  }
}
