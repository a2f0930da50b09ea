package dev.descent.cli;

import dev.descent.testing.TestFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model too large for the driver is refused before anything of its size is allocated (the
 * test JVM has a 3 GiB heap: an allocation would end in OutOfMemoryError, exit 1): exit 2 when
 * the settings declare the dimension, exit 3 when the data implies it, naming the line.
 */
class TooLargeModelTest {
  @TempDir
  Path tmp;

  private Path small() {
    return TestFiles.write(tmp, "small.libsvm", "1 1:0.5 2:1", "0 2:1", "1 1:1");
  }

  @Test
  void aDeclaredNumFeaturesBeyondTheHeapIsAUsageError() {
    Path output = tmp.resolve("out");

    Cli.run("train", "input=" + small(), "loss=logistic", "numFeatures=500000000",
        "output=" + output).assertExit(2).assertErrContains("numFeatures=500000000",
        "means 500,000,001 parameters", "optimizer=sgd", "GiB", "Runtime.maxMemory",
        "--driver-memory");

    Cli.assertNoOutput(output);
  }

  @Test
  void declaredClassesCountToo() {
    Cli.run("train", "input=" + small(), "loss=softmax", "numFeatures=20000000",
        "numClasses=50").assertExit(2).assertErrContains("with 50 classes",
        "means 1,000,000,050 parameters");
  }

  @Test
  void moreParametersThanAJavaArrayHoldsIsAUsageErrorNotACrash() {
    Cli.run("train", "input=" + small(), "loss=softmax", "numFeatures=2147483647",
        "numClasses=3").assertExit(2).assertErrContains("a Java array holds");
  }

  @Test
  void aHugeLibsvmIndexIsBadDataNamingItsLine() {
    Path input = TestFiles.write(tmp, "typo.libsvm", "1 1:0.5 2:1", "0 2:1 2000000000:1",
        "1 1:1");
    Path output = tmp.resolve("out");

    Cli.run("train", "input=" + input, "loss=logistic", "output=" + output).assertExit(3)
        .assertErrContains("the data implies numFeatures=2000000000 (the largest feature index,"
            + " at " + input + ":2)", "GiB", "Runtime.maxMemory", "onBadRecord=skip");

    Cli.assertNoOutput(output);
  }

  @Test
  void theLargestIndexALibsvmLineCanHoldIsBeyondAnArrayWithTheIntercept() {
    Path input = TestFiles.write(tmp, "max.libsvm", "1 1:0.5", "0 2147483639:1");

    Cli.run("train", "input=" + input, "loss=logistic").assertExit(3)
        .assertErrContains("numFeatures=2147483639", "a Java array holds");
  }

  @Test
  void labelsImplyingTooManyClassesAreBadData() {
    Path input = TestFiles.write(tmp, "classes.libsvm", "0 1:1 3000:1", "999999 2:1", "1 1:2");

    Cli.run("train", "input=" + input, "loss=softmax").assertExit(3)
        .assertErrContains("the labels imply 1000000 classes", "means 3,001,000,000 parameters");
  }
}
