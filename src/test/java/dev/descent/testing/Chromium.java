package dev.descent.testing;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's headless Chromium, run as a process: the DOM of a page after rendering, and
 * screenshots. Each run gets a fresh profile directory and no network features.
 */
public final class Chromium {
  private static final long TIMEOUT_SECONDS = 180;

  private final Path binary;
  private final Path work;
  private int runs;

  private Chromium(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** /usr/bin/chromium (or chromium on the PATH), or null if there is none. */
  public static Path find() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium"),
        Path.of("/usr/bin/chromium-browser")));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "chromium"));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  /** A browser that keeps its profiles and outputs under {@code work}. */
  public static Chromium at(Path binary, Path work) {
    return new Chromium(binary, work);
  }

  /** The page's DOM after rendering, as HTML. */
  public String dumpDom(Path page) throws IOException, InterruptedException {
    return run(page, "--dump-dom");
  }

  /** A screenshot of the page's first {@code width x height} CSS pixels. */
  public BufferedImage screenshot(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    run(page, "--screenshot=" + png, "--window-size=" + width + "," + height,
        "--hide-scrollbars");
    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null) {
      throw new IOException("chromium wrote no readable PNG at " + png);
    }
    return image;
  }

  private String run(Path page, String... what) throws IOException, InterruptedException {
    int n = ++runs;
    Path profile = work.resolve("profile-" + n);
    Path log = work.resolve("chromium-" + n + ".log");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--force-device-scale-factor=1", "--user-data-dir=" + profile));
    command.addAll(List.of(what));
    command.add(page.toUri().toString());
    Path out = work.resolve("chromium-" + n + ".out");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(log.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s: "
          + command);
    }
    if (p.exitValue() != 0) {
      throw new IOException("chromium exited with " + p.exitValue() + ": " + command + "\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
