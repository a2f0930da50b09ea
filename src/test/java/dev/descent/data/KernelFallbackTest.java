package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dense kernels in fresh JVMs: without the jdk.incubator.vector module (as on executors
 * started without it) they fall back to plain loops and still compute the same values; with it
 * they run on the Vector API; -Ddescent.kernels=scalar forces the plain loops.
 */
class KernelFallbackTest {

  private static List<String> probe(String... jvmFlags) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        KernelProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
    assertEquals(0, p.exitValue(), err);
    return out.lines().toList();
  }

  private static void assertAccurate(List<String> out) {
    double worst = Double.parseDouble(out.get(1));
    assertTrue(worst < 1e-13, "largest relative difference from a plain loop: " + worst);
  }

  @Test
  void withoutTheVectorModuleThePlainLoopsRunAndAgree() throws Exception {
    List<String> out = probe();
    assertEquals("scalar", out.get(0));
    assertAccurate(out);
  }

  @Test
  void withTheVectorModuleTheVectorKernelsRunAndAgree() throws Exception {
    List<String> out = probe("--add-modules=jdk.incubator.vector");
    assertTrue(out.get(0).startsWith("vector ("), out.get(0));
    assertAccurate(out);
  }

  @Test
  void thePlainLoopsCanBeForced() throws Exception {
    List<String> out = probe("--add-modules=jdk.incubator.vector", "-Ddescent.kernels=scalar");
    assertEquals("scalar", out.get(0));
    assertAccurate(out);
  }
}
