package dev.descent.engine;

import dev.descent.config.CheckpointInterval;
import dev.descent.io.CheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
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
 */
final class Checkpoints {
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.ckpt");
  private static final int KEEP = 2;

  private final FileSystem fs;
  private final Path dir;
  private final CheckpointInterval every;

  private Checkpoints(FileSystem fs, Path dir, CheckpointInterval every) {
    this.fs = fs;
    this.dir = dir;
    this.every = every;
  }

  static Checkpoints open(String dir, CheckpointInterval every, Configuration conf) {
    Path path = new Path(dir);
    try {
      return new Checkpoints(path.getFileSystem(conf), path, every);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open checkpointDir " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether a checkpoint is due after global step {@code step} (counted from 1). */
  boolean dueAfterStep(long step) {
    return every.steps() && step % every.count() == 0;
  }

  /** Whether a checkpoint is due after epoch {@code epoch} (counted from 1). */
  boolean dueAfterEpoch(long epoch) {
    return !every.steps() && epoch % every.count() == 0;
  }

  /** Writes a checkpoint numbered {@code progress}, then removes all but the newest few. */
  void save(long progress, CheckpointFile.Content content) {
    try {
      fs.mkdirs(dir);
      CheckpointFile.write(fs, new Path(dir, String.format("checkpoint-%012d.ckpt", progress)),
          content);
      List<Path> all = list();
      for (int i = KEEP; i < all.size(); i++) {
        fs.delete(all.get(i), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a checkpoint to " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The newest checkpoint that reads back whole, or null if there is none; damaged ones are
   * skipped and reported through {@code notes}.
   */
  CheckpointFile.Content newest(Consumer<String> notes) {
    try {
      for (Path p : list()) {
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpointDir " + dir + ": " + e.getMessage(),
          e);
    }
  }

  /** Checkpoint files, newest first. */
  private List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      Matcher m = NAME.matcher(st.getPath().getName());
      if (st.isFile() && m.matches()) {
        out.add(st.getPath());
      }
    }
    out.sort(Comparator.comparing((Path p) -> p.getName()).reversed());
    return out;
  }
}
