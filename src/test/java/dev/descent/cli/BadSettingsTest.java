package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Usage and configuration errors: exit 2, a message naming the setting, and no output. */
class BadSettingsTest {
  @TempDir
  Path tmp;

  static Stream<Arguments> badTrainSettings() {
    return Stream.of(
        bad("unknown key, with a hint", new String[] {"learningrate=0.1"},
            "learningrate", "did you mean learningRate?"),
        bad("loss", new String[] {"loss=cubic"}, "loss", "'cubic'"),
        bad("optimizer", new String[] {"optimizer=newton"}, "optimizer", "'newton'"),
        bad("negative learningRate", new String[] {"learningRate=-1"}, "learningRate", "'-1'"),
        bad("non-numeric learningRate", new String[] {"learningRate=abc"}, "learningRate",
            "'abc'"),
        bad("zero epochs", new String[] {"epochs=0"}, "epochs", "'0'"),
        bad("zero batchSize", new String[] {"batchSize=0"}, "batchSize", "'0'"),
        bad("batchSize over 100%", new String[] {"batchSize=150%"}, "batchSize", "'150%'"),
        bad("negative regParam", new String[] {"regParam=-1"}, "regParam", "'-1'"),
        bad("elasticNet above 1", new String[] {"elasticNet=2"}, "elasticNet", "'2'"),
        bad("schedule", new String[] {"schedule=sometimes"}, "schedule", "'sometimes'"),
        bad("format", new String[] {"format=lib-svm"}, "format", "'lib-svm'"),
        bad("unknown Spark data source", new String[] {"format=jsn"}, "format", "'jsn'",
            "no data source"),
        bad("header", new String[] {"header=maybe"}, "header", "'maybe'"),
        bad("intercept", new String[] {"intercept=yes"}, "intercept", "'yes'"),
        bad("lbfgs with mini-batches", new String[] {"optimizer=lbfgs", "batchSize=10"},
            "optimizer=lbfgs", "batchSize=all"),
        bad("lbfgs with local steps", new String[] {"optimizer=lbfgs", "syncEvery=epoch"},
            "syncEvery", "optimizer=lbfgs", "leave syncEvery at step"),
        bad("syncEvery of 0 steps", new String[] {"syncEvery=0 steps"}, "syncEvery",
            "'0 steps'"),
        bad("syncEvery in words", new String[] {"syncEvery=often"}, "syncEvery", "'often'"),
        bad("lbfgs with hinge", new String[] {"optimizer=lbfgs", "loss=hinge"},
            "optimizer=lbfgs", "hinge"),
        bad("numClasses without softmax", new String[] {"loss=logistic", "numClasses=3"},
            "numClasses=3", "loss=softmax"),
        bad("weightColumn for LIBSVM", new String[] {"format=libsvm", "weightColumn=2"},
            "weightColumn"),
        bad("numFeatures beyond an int", new String[] {"numFeatures=10000000000"},
            "numFeatures", "'10000000000'", "too large: at most 2147483647"),
        bad("epochs beyond an int", new String[] {"epochs=99999999999"}, "epochs",
            "too large: at most 2147483647"),
        bad("seed beyond a long", new String[] {"seed=-99999999999999999999"}, "seed",
            "too small: at least -9223372036854775808"),
        bad("a key given twice", new String[] {"epochs=5", "epochs=6"},
            "epochs is given twice on the command line: '5' and '6'"));
  }

  private static Arguments bad(String name, String[] settings, String... expected) {
    return Arguments.of(name, settings, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTrainSettings")
  void badTrainSettingIsAUsageError(String name, String[] settings, String[] expected) {
    Path output = tmp.resolve("out");
    String[] args = Stream.concat(Stream.of("train", "input=data/linear.csv",
        "output=" + output), Stream.of(settings)).toArray(String[]::new);

    Cli.run(args).assertExit(2).assertErrContains(expected);

    Cli.assertNoOutput(output);
  }

  @Test
  void badValueInPropertiesFileIsAUsageError() {
    Path props = dev.descent.testing.TestFiles.write(tmp, "bad.properties",
        "input=data/linear.csv", "epochs=-3");
    Path output = tmp.resolve("out");

    Cli.run("train", props.toString(), "output=" + output).assertExit(2)
        .assertErrContains(props.toString(), "epochs", "'-3'");

    Cli.assertNoOutput(output);
  }

  @Test
  void keyGivenTwiceInPropertiesFileIsAUsageError() {
    Path props = dev.descent.testing.TestFiles.write(tmp, "twice.properties",
        "input=data/linear.csv", "epochs=5", "learningRate=0.01", "epochs = 50");
    Path output = tmp.resolve("out");

    Cli.run("train", props.toString(), "output=" + output).assertExit(2)
        .assertErrContains(props.toString(), "epochs is given twice: '5' and '50'");

    Cli.assertNoOutput(output);
  }

  @Test
  void commandLineOverridesABadValueInThePropertiesFile() {
    Path props = dev.descent.testing.TestFiles.write(tmp, "bad.properties",
        "input=data/linear.csv", "header=true", "labelColumn=y", "epochs=-3");

    Cli.Result r = Cli.run("train", props.toString(), "epochs=2").assertExit(0);

    assertEquals(2, r.outLines().stream().filter(l -> l.startsWith("Epoch ")).count(), r.out());
  }

  @Test
  void aKeyInTheFileAndOnTheCommandLineIsAnOverrideNotADuplicate() {
    Path props = dev.descent.testing.TestFiles.write(tmp, "good.properties",
        "input=data/linear.csv", "header=true", "labelColumn=y", "epochs=5");

    Cli.Result r = Cli.run("train", props.toString(), "epochs=1").assertExit(0);

    assertEquals(1, r.outLines().stream().filter(l -> l.startsWith("Epoch ")).count(), r.out());
  }

  @Test
  void validationFractionThatLeavesNoTrainingRowsSaysSo() {
    Path output = tmp.resolve("out");

    Cli.Result r = Cli.run("train", "input=data/iris.libsvm", "loss=softmax",
        "validationFraction=0.999", "output=" + output).assertExit(2)
        .assertErrContains("validationFraction=0.999 holds out all 150 rows, leaving none to"
            + " train on");

    assertFalse(r.err().contains("input is empty"), r.err());
    Cli.assertNoOutput(output);
  }

  @Test
  void validationFractionThatHoldsOutAWholeClassSaysSo() {
    Path input = dev.descent.testing.TestFiles.write(tmp, "rare.libsvm", "0 1:1", "0 1:2",
        "0 1:3", "0 1:4", "1 1:5", "1 1:6", "1 1:7", "1 1:8", "2 1:9");
    Path output = tmp.resolve("out");

    Cli.run("train", "input=" + input, "loss=softmax", "partitions=1",
        "validationFraction=0.5", "output=" + output).assertExit(2)
        .assertErrContains("validationFraction=0.5 holds out the only row of class 2");

    Cli.assertNoOutput(output);
  }

  @Test
  void validationFractionThatLeavesNoValidationRowsSaysSo() {
    Path output = tmp.resolve("out");

    Cli.run("train", "conf/default.properties", "validationFraction=0.01",
        "output=" + output).assertExit(2)
        .assertErrContains("validationFraction=0.01 of 5 rows leaves no validation rows");

    Cli.assertNoOutput(output);
  }

  @Test
  void dataFileGivenAsSettingsFileIsExplained() {
    Path output = tmp.resolve("out");

    Cli.run("train", "data/wine_binary.libsvm", "output=" + output).assertExit(2)
        .assertErrContains("settings file data/wine_binary.libsvm", "input=data/wine_binary.libsvm");

    Cli.assertNoOutput(output);
  }

  @Test
  void trainWithoutInputNamesInput() {
    Path output = tmp.resolve("out");

    Cli.run("train", "loss=squared", "output=" + output).assertExit(2)
        .assertErrContains("train needs input=");

    Cli.assertNoOutput(output);
  }

  @Test
  void missingPropertiesFileIsAUsageError() {
    Path output = tmp.resolve("out");
    Path missing = tmp.resolve("nope.properties");

    Cli.run("train", missing.toString(), "output=" + output).assertExit(2)
        .assertErrContains(missing.toString(), "does not exist");

    Cli.assertNoOutput(output);
  }

  @Test
  void unknownCommandIsAUsageError() {
    Path output = tmp.resolve("out");

    Cli.run("fit", "input=data/linear.csv", "output=" + output).assertExit(2)
        .assertErrContains("unknown command 'fit'", "train", "predict", "evaluate");

    Cli.assertNoOutput(output);
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Result r = Cli.run().assertExit(2).assertErrContains("no command", "Usage:");
    assertEquals("", r.out());
  }

  @Test
  void settingAfterASecondBareArgumentIsAUsageError() {
    Path output = tmp.resolve("out");

    Cli.run("train", "conf/default.properties", "extra", "output=" + output).assertExit(2)
        .assertErrContains("'extra' is not key=value");

    Cli.assertNoOutput(output);
  }

  @Test
  void predictWithoutModelNamesModel() {
    Path output = tmp.resolve("out");

    Cli.run("predict", "input=data/linear.csv", "output=" + output).assertExit(2)
        .assertErrContains("predict needs model=");

    Cli.assertNoOutput(output);
  }

  @Test
  void evaluateWithoutInputNamesInput() {
    Path output = tmp.resolve("out");

    Cli.run("evaluate", "model=" + tmp.resolve("model"), "output=" + output).assertExit(2)
        .assertErrContains("evaluate needs input=");

    Cli.assertNoOutput(output);
  }
}
