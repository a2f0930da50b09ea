package dev.descent.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The hidden entries an output's writers leave beside it, {@code .NAME.KIND-RANDOM-OWNER}
 * (staging directories, old outputs moved aside, journal drafts, writability probes), and their
 * removal once their owner provably no longer runs. Entries of a process that still runs, or that
 * runs on another host, are never removed.
 */
final class Leftovers {
  static final List<String> KINDS = List.of("staging", "old", "journal", "probe");

  private Leftovers() {}

  /** The name of a hidden entry of {@code kind} beside {@code target}. */
  static String name(Path target, String kind, String random, Owner owner) {
    return "." + target.getName() + "." + kind + "-" + random + "-" + owner.token();
  }

  /** Removes the leftovers of processes that no longer run; says what it removed in one note. */
  static void remove(FileSystem fs, Path target, Consumer<String> notes) throws IOException {
    Path parent = target.getParent();
    if (!fs.isDirectory(parent)) {
      return;
    }
    Pattern pattern = Pattern.compile("\\." + Pattern.quote(target.getName()) + "\\.("
        + String.join("|", KINDS) + ")-[0-9a-f]{8}-(" + Owner.tokenPattern() + ")");
    List<String> removed = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    for (FileStatus st : fs.listStatus(parent)) {
      Matcher m = pattern.matcher(st.getPath().getName());
      Owner owner = m.matches() ? Owner.parse(m.group(2)) : null;
      if (owner == null) {
        continue;
      }
      switch (owner.liveness()) {
        case DEAD -> {
          if (fs.delete(st.getPath(), true)) {
            removed.add(st.getPath().getName());
          }
        }
        case UNKNOWN -> foreign.add(st.getPath().getName());
        default -> { } // a run still going: its own
      }
    }
    if (!removed.isEmpty()) {
      notes.accept("removed " + removed.size() + " hidden leftover" + (removed.size() == 1 ? ""
          : "s") + " of runs that were killed before they finished, beside "
          + HadoopFiles.display(target) + ": " + String.join(", ", removed));
    }
    if (!foreign.isEmpty()) {
      notes.accept("left " + foreign.size() + " hidden entr" + (foreign.size() == 1 ? "y" : "ies")
          + " beside " + HadoopFiles.display(target) + " that runs on other hosts made (whether"
          + " they still run cannot be told from here; delete them once they are done): "
          + String.join(", ", foreign));
    }
  }
}
