package io.yogurt.autoscaler.droplets;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A release package made from this test's class path, laid out as {@code scripts/release} lays out
 * the real one: {@code yogurt-test/bin/yogurt} (the repository's launcher that never builds, {@code
 * config/release/yogurt}) and {@code lib/} (every jar; the modules' class folders jarred). The
 * tests cannot run {@code scripts/release} (it would run Maven inside Maven); the launcher, the
 * layout and the install steps that unpack it are the real ones.
 */
final class TestRelease {

  private TestRelease() {}

  /** Writes {@code dir/yogurt-test.tar.gz} and returns it. */
  static Path build(Path dir) throws IOException, InterruptedException {
    Path stage = Files.createDirectories(dir.resolve("stage/yogurt-test"));
    Path bin = Files.createDirectories(stage.resolve("bin"));
    Path lib = Files.createDirectories(stage.resolve("lib"));
    Files.copy(repoRoot().resolve("config/release/yogurt"), bin.resolve("yogurt"));
    Files.setPosixFilePermissions(
        bin.resolve("yogurt"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Set<String> names = new HashSet<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith("test-classes") || entry.endsWith("-tests.jar") || !Files.exists(p)) {
        continue;
      }
      String name = p.getFileName().toString();
      if (Files.isDirectory(p)) {
        name = p.getParent().getParent().getFileName() + "-classes.jar";
      }
      if (!names.add(name)) {
        name = (n++) + "-" + name;
      }
      if (Files.isDirectory(p)) {
        jar(p, lib.resolve(name));
      } else {
        Files.createSymbolicLink(lib.resolve(name), p.toAbsolutePath());
      }
    }
    Path tarball = dir.resolve("yogurt-test.tar.gz");
    Process tar =
        new ProcessBuilder(
                "sh",
                "-c",
                "tar -h -C \"$1\" -cf - yogurt-test | gzip -1 > \"$2\"",
                "sh",
                dir.resolve("stage").toString(),
                tarball.toString())
            .inheritIO()
            .start();
    if (tar.waitFor() != 0) {
      throw new IOException("tar failed: " + tar.exitValue());
    }
    return tarball;
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        j.putNextEntry(
            new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, j);
        j.closeEntry();
      }
    }
  }

  /** The repository root: the folder above autoscaler/service. */
  static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("config/release/yogurt"))) {
        return p;
      }
    }
    throw new IllegalStateException("no config/release/yogurt above " + here);
  }
}
