package io.yogurt.provider.digitalocean.fake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake API on its own, for trying the CLI by hand: prints the {@code digitalocean:}
 * section to point Yogurt at it, then serves until killed. The clock is frozen (nothing boots); use
 * the tests for behaviour over time.
 *
 * <p>{@code mvn -q -pl provider-do -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.yogurt.provider.digitalocean.fake.FakeDigitalOceanServer}
 */
public final class FakeDigitalOceanServer {

  private FakeDigitalOceanServer() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("fake-do");
    FakeDigitalOceanRig rig = new FakeDigitalOceanRig(dir);
    System.out.println("# export DIGITALOCEAN_TOKEN=" + FakeDigitalOceanRig.TOKEN);
    System.out.println("digitalocean:");
    System.out.println("  api-url: " + rig.api.url());
    System.out.println("  ca-certificate: " + rig.caFile());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
