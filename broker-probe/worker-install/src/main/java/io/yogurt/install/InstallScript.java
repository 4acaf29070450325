package io.yogurt.install;

import java.util.List;

/**
 * A rendered worker install: the script the machine runs, which holds the CURVE secret key, and the
 * same script with the key as {@code ***}, for showing.
 *
 * @param programs the supervisord programs it installs, in order
 */
public record InstallScript(String script, String shown, List<String> programs) {

  public InstallScript {
    programs = List.copyOf(programs);
  }

  @Override
  public String toString() {
    return "InstallScript[programs=" + programs + ", script=*** (holds the CURVE secret key)]";
  }
}
