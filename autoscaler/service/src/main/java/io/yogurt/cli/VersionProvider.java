package io.yogurt.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest ("dev" when run from classes). */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String v = Yogurt.class.getPackage().getImplementationVersion();
    return new String[] {"yogurt " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
  }
}
