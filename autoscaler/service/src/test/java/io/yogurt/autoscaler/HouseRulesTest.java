package io.yogurt.autoscaler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of DESIGN.md, checked on every module's main classes (this module sees them all):
 * the ports point one way, and time is injected.
 */
class HouseRulesTest {

  /** The composition root: the only code that may read the system clock or sleep. */
  private static final String[] ROOT = {"io.yogurt.cli.."};

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(HouseRulesTest::isMainCode)
            .importPackages("io.yogurt");
  }

  /** Main classes of every module, whether the reactor gives them as a folder or a jar. */
  private static boolean isMainCode(Location location) {
    return !location.contains("/test-classes/") && !location.contains("-tests.jar");
  }

  @Test
  void modelsImportNothingOfOurs() {
    classes()
        .that()
        .resideInAPackage("io.yogurt.models..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.yogurt.models..", "java..")
        .because("models is the ground floor: domain types and ports, plain JDK")
        .check(main);
  }

  @Test
  void theReportShellIsPlainJdk() {
    classes()
        .that()
        .resideInAPackage("io.yogurt.report..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.yogurt.report..", "java..")
        .because("forecasting and simulations both draw with it, so it stands below them")
        .check(main);
  }

  @Test
  void theCoreSeesOnlyPortsAndConfig() {
    classes()
        .that()
        .resideInAnyPackage("io.yogurt.autoscaler.loop..", "io.yogurt.autoscaler.policy..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "io.yogurt.autoscaler.loop..",
            "io.yogurt.autoscaler.policy..",
            "io.yogurt.models..",
            "io.yogurt.config..",
            "java..",
            "org.slf4j..")
        .because("the control core works on the ports; adapters are wired in by the service")
        .check(main);
  }

  @Test
  void nothingButTheCommandLineReadsTheSystemClock() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackages(ROOT)
            .should()
            .callMethod(InstantSource.class, "system")
            .orShould()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(Clock.class, "systemUTC")
            .orShould()
            .callMethod(Clock.class, "systemDefaultZone")
            .orShould()
            .callMethod(LocalDate.class, "now")
            .orShould()
            .callMethod(LocalDateTime.class, "now")
            .because("time is injected (InstantSource), so simulations and tests control it");
    rule.check(main);
  }

  @Test
  void nothingButTheCommandLineSleeps() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT)
        .and()
        .doNotHaveFullyQualifiedName("io.yogurt.provider.digitalocean.Sleeper")
        .should()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethod(Thread.class, "sleep", long.class, int.class)
        .because(
            "waiting is injected (a Sleeper) or done by a scheduler; a sleep in a tick stalls it")
        .check(main);
  }
}
