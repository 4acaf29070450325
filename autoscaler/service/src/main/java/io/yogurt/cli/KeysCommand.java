package io.yogurt.cli;

import io.yogurt.broker.curve.CurveKeys;
import io.yogurt.config.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code yogurt keys generate}: CURVE key pairs for the broker, workers and clients. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage CURVE keys.",
    subcommands = KeysCommand.Generate.class)
public final class KeysCommand {

  /** Writes NAME.key (public) and NAME.key_secret (owner-only) in the ZeroMQ certificate format. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Generate a CURVE key pair: DIR/NAME.key (public, share it) and "
            + "DIR/NAME.key_secret (keep it; mode 600).",
        "The format is the ZeroMQ certificate format that czmq and pyzmq's zmq.auth read."
      })
  static final class Generate implements Callable<Integer> {
    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "keys",
        description = "Directory to write to (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        required = true,
        description = "Key name, e.g. broker, or the worker's instance name.")
    String name;

    @Override
    public Integer call() throws Exception {
      if (!name.matches("[A-Za-z0-9._-]+")) {
        throw new InvalidInputException(
            "--name: got '" + name + "', expected letters, digits, '.', '_' or '-'");
      }
      for (String suffix : new String[] {".key", ".key_secret"}) {
        if (Files.exists(out.resolve(name + suffix))) {
          throw new InvalidInputException(
              out.resolve(name + suffix)
                  + " already exists; remove it first or pick another --name");
        }
      }
      Path[] files = CurveKeys.generate().save(out, name);
      System.out.println("public key:  " + files[0]);
      System.out.println("secret key:  " + files[1] + " (keep it private)");
      System.out.println("public key value: " + CurveKeys.load(files[0]).publicKeyZ85());
      return ExitCodes.OK;
    }
  }
}
