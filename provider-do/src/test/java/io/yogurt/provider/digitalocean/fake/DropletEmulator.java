package io.yogurt.provider.digitalocean.fake;

import io.yogurt.provider.digitalocean.fake.FakeDigitalOcean.FakeDroplet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * Boots the fake API's droplets on this machine, as cloud-init would boot them from their user
 * data: each droplet gets a temporary root directory; its {@code write_files} are written under it
 * with their permissions, its {@code runcmd} runs with {@code YOGURT_ROOT} set to it (and the paths
 * of the written files moved under it), its {@code packages} are provided by this machine (its Java
 * 17, its curl) or emulated (supervisor), and the supervisord programs the commands configured are
 * started as processes. What a real machine has and a sandbox must not touch is stubbed on the
 * PATH: {@code hostname} answers the droplet's name, {@code useradd} / {@code id} / {@code chown}
 * keep their users in the droplet's root, {@code systemctl} and {@code supervisorctl} only record.
 * Deleting the droplet stops its processes.
 */
public final class DropletEmulator implements FakeDigitalOcean.DropletListener, AutoCloseable {

  /** Where a droplet's boot is. */
  public enum State {
    BOOTING,
    /** cloud-init finished and the supervisord programs run. */
    RUNNING,
    /** cloud-init failed; {@link Boot#detail()} holds its last words. */
    FAILED,
    /** Deleted. */
    STOPPED
  }

  /**
   * One droplet's boot as seen now.
   *
   * @param seconds how long cloud-init ran (real time), 0 while it runs
   */
  public record Boot(String name, State state, String detail, Path root, double seconds) {}

  private static final Set<String> PROVIDED =
      Set.of("openjdk-17-jre-headless", "supervisor", "curl");
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Path dir;
  private final Path caFile;
  private final Path stubs;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<Long, Machine> machines = new ConcurrentHashMap<>();

  /**
   * @param dir where the droplets' roots go
   * @param caFile the CA the droplets' curl trusts (the package server's certificate)
   */
  public DropletEmulator(Path dir, Path caFile) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.caFile = caFile;
    this.stubs = Files.createDirectories(dir.resolve(".stubs"));
    stub("hostname", "echo \"$EMULATED_HOSTNAME\"");
    stub("useradd", "for a; do user=\"$a\"; done\necho \"$user\" >> \"$YOGURT_ROOT/etc/passwd\"");
    stub(
        "id",
        "[ \"$1\" = -u ] && grep -qx \"$2\" \"$YOGURT_ROOT/etc/passwd\" 2>/dev/null && echo 999");
    stub(
        "chown",
        "for a; do case \"$a\" in -*) ;; *) spec=\"$a\"; break ;; esac; done\n"
            + "user=\"${spec%%:*}\"; group=\"${spec#*:}\"\n"
            + "for u in \"$user\" \"$group\"; do\n"
            + "  [ -z \"$u\" ] || [ \"$u\" = root ] || grep -qx \"$u\" \"$YOGURT_ROOT/etc/passwd\" ||"
            + " { echo \"chown: invalid user: '$u'\" >&2; exit 1; }\n"
            + "done\necho \"chown $*\" >> \"$YOGURT_ROOT/var/log/emulated-chown\"");
    stub("systemctl", "echo \"systemctl $*\" >> \"$YOGURT_ROOT/var/log/emulated-systemctl\"");
    stub("supervisorctl", "echo \"$*\" >> \"$YOGURT_ROOT/var/log/emulated-supervisorctl\"");
  }

  @Override
  public void created(FakeDroplet d) {
    Machine m = new Machine(d, dir.resolve(d.name() + "-" + d.id()));
    machines.put(d.id(), m);
    executor.submit(m::run);
  }

  @Override
  public void deleted(FakeDroplet d) {
    Machine m = machines.get(d.id());
    if (m != null) {
      m.stop();
    }
  }

  /** Every droplet booted so far, alive or not. */
  public List<Boot> boots() {
    return machines.values().stream().map(Machine::view).toList();
  }

  /** Processes of droplets not deleted (the workers that run "on droplets"). */
  public List<ProcessHandle> processes() {
    List<ProcessHandle> out = new ArrayList<>();
    for (Machine m : machines.values()) {
      out.addAll(m.processes());
    }
    return out;
  }

  @Override
  public void close() {
    machines.values().forEach(Machine::stop);
    executor.shutdownNow();
  }

  private void stub(String name, String body) throws IOException {
    Path f = stubs.resolve(name);
    Files.writeString(f, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** One emulated droplet. */
  private final class Machine {
    private final FakeDroplet droplet;
    private final Path root;
    private final List<Process> running = new ArrayList<>();
    private State state = State.BOOTING;
    private String detail = "";
    private double seconds;

    Machine(FakeDroplet droplet, Path root) {
      this.droplet = droplet;
      this.root = root;
    }

    synchronized Boot view() {
      return new Boot(droplet.name(), state, detail, root, seconds);
    }

    synchronized List<ProcessHandle> processes() {
      return running.stream().filter(Process::isAlive).map(Process::toHandle).toList();
    }

    void run() {
      try {
        long started = System.nanoTime();
        String failure = cloudInit();
        synchronized (this) {
          seconds = (System.nanoTime() - started) / 1e9;
          if (state == State.STOPPED) {
            return;
          }
          if (failure != null) {
            state = State.FAILED;
            detail = failure;
            return;
          }
          startPrograms();
          state = State.RUNNING;
        }
      } catch (IOException | RuntimeException e) {
        synchronized (this) {
          state = State.FAILED;
          detail = "emulator: " + e;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized void stop() {
      state = State.STOPPED;
      for (Process p : running) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }

    /** Runs the user data; null when it succeeded, else what went wrong. */
    @SuppressWarnings("unchecked")
    private String cloudInit() throws IOException, InterruptedException {
      String userData = droplet.userData();
      if (!userData.startsWith("#cloud-config\n")) {
        return "user data is not #cloud-config";
      }
      Map<String, Object> doc = new Yaml().load(userData);
      Files.createDirectories(root.resolve("var/log"));
      Files.createDirectories(root.resolve("etc"));
      for (Object p : (List<Object>) doc.getOrDefault("packages", List.of())) {
        if (!PROVIDED.contains(p.toString())) {
          return "package " + p + " is not one this emulator provides " + PROVIDED;
        }
      }
      if (!"17".equals(System.getProperty("java.specification.version"))) {
        return "this machine's Java is not 17";
      }
      List<String> written = new ArrayList<>();
      for (Map<String, Object> f :
          (List<Map<String, Object>>) doc.getOrDefault("write_files", List.of())) {
        written.add(writeFile(f));
      }
      Path log = root.resolve("var/log/cloud-init-output.log");
      for (Object cmd : (List<Object>) doc.getOrDefault("runcmd", List.of())) {
        List<String> argv = new ArrayList<>();
        if (cmd instanceof List<?> l) {
          l.forEach(a -> argv.add(underRoot(a.toString(), written)));
        } else {
          argv.addAll(List.of("sh", "-c", underRoot(cmd.toString(), written)));
        }
        ProcessBuilder pb =
            new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("PATH", stubs + ":" + PATH);
        env.put("YOGURT_ROOT", root.toString());
        env.put("EMULATED_HOSTNAME", droplet.name());
        env.put("CURL_CA_BUNDLE", caFile.toString());
        env.put("HOME", root.toString());
        Process p = pb.start();
        synchronized (this) {
          if (state == State.STOPPED) {
            p.destroyForcibly();
            return "deleted while booting";
          }
          running.add(p);
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
          List<String> lines = Files.readAllLines(log);
          return "runcmd "
              + argv.get(0)
              + " failed: "
              + (lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        }
        synchronized (this) {
          running.remove(p);
        }
      }
      return null;
    }

    private String writeFile(Map<String, Object> f) throws IOException {
      String path = f.get("path").toString();
      Path target = root.resolve(path.substring(1));
      Files.createDirectories(target.getParent());
      String content = String.valueOf(f.getOrDefault("content", ""));
      String encoding = String.valueOf(f.getOrDefault("encoding", ""));
      byte[] bytes =
          encoding.equals("b64") || encoding.equals("base64")
              ? Base64.getDecoder().decode(content.strip())
              : content.getBytes(StandardCharsets.UTF_8);
      Files.write(target, bytes);
      String mode = String.valueOf(f.getOrDefault("permissions", "0644"));
      Files.setPosixFilePermissions(target, permissions(Integer.parseInt(mode, 8)));
      return path;
    }

    /** The paths of the written files, moved under the droplet's root. */
    private String underRoot(String arg, List<String> written) {
      for (String w : written) {
        arg = arg.replace(w, root + w);
      }
      return arg;
    }

    /** Starts each supervisord program the install configured, as supervisord would. */
    private void startPrograms() throws IOException {
      Path log = root.resolve("var/log/emulated-supervisorctl");
      if (!Files.exists(log) || !Files.readString(log).contains("update")) {
        return;
      }
      Path confDir = root.resolve("etc/supervisor/conf.d");
      if (!Files.isDirectory(confDir)) {
        return;
      }
      try (DirectoryStream<Path> confs = Files.newDirectoryStream(confDir, "*.conf")) {
        for (Path conf : confs) {
          String command = null;
          String out = root.resolve("var/log/supervisor-program.log").toString();
          for (String line : Files.readAllLines(conf)) {
            if (line.startsWith("command=")) {
              command = line.substring("command=".length());
            } else if (line.startsWith("stdout_logfile=")) {
              out = line.substring("stdout_logfile=".length());
            }
          }
          if (command != null) {
            ProcessBuilder pb =
                new ProcessBuilder("sh", "-c", "exec " + command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(out).toFile()));
            pb.environment().put("PATH", PATH);
            running.add(pb.start());
          }
        }
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(order[bit]);
      }
    }
    return out;
  }
}
