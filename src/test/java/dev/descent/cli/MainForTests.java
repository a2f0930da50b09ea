package dev.descent.cli;

/** Lets tests in other packages run the command line in-process with the real streams. */
public final class MainForTests {
  private MainForTests() {}

  public static int run(String... args) {
    return new Main(System.out, System.err).run(args);
  }
}
