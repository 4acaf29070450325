package io.yogurt.simulations;

/**
 * The figures of one run (JSON keys in snake_case, see docs/simulations.md). Percentages are in [0,
 * 100]; the elasticity metrics follow SPEC RG (Herbst et al.): demand and supply counted in
 * workers, per minute.
 *
 * @param dropletHours billed instance-hours (per-second billing, minimum per instance)
 * @param cost dropletHours times the price per hour
 * @param requests requests that arrived
 * @param served requests that a worker took
 * @param dropped requests refused by a full queue
 * @param queuedAtEnd requests still waiting when the run ended
 * @param slaViolationMinutes minutes whose p95 wait exceeded the SLA
 * @param underProvisionedTimePct share of minutes with fewer workers than the demand needed
 * @param overProvisionedTimePct share of minutes with more workers than the demand needed
 * @param underProvisioningPct mean shortfall relative to the demand, per minute
 * @param overProvisioningPct mean surplus relative to the demand, per minute
 * @param instabilityPct share of minute-to-minute changes where supply and demand moved in
 *     different directions
 * @param actions launches, drains and destroys done
 * @param failedLaunches launches the provider refused
 * @param costVsOracle cost divided by the oracle's (NaN until compared)
 */
public record Summary(
    double dropletHours,
    double cost,
    long requests,
    long served,
    long dropped,
    long queuedAtEnd,
    double waitMeanS,
    double waitP50S,
    double waitP95S,
    double waitP99S,
    int minutes,
    int slaViolationMinutes,
    double slaViolationPct,
    int underProvisionedMinutes,
    int overProvisionedMinutes,
    double underProvisionedTimePct,
    double overProvisionedTimePct,
    double underProvisioningPct,
    double overProvisioningPct,
    double instabilityPct,
    int actions,
    int failedLaunches,
    double costVsOracle) {

  public Summary withOracleCost(double oracleCost) {
    double ratio = oracleCost > 0 ? cost / oracleCost : Double.NaN;
    return new Summary(
        dropletHours,
        cost,
        requests,
        served,
        dropped,
        queuedAtEnd,
        waitMeanS,
        waitP50S,
        waitP95S,
        waitP99S,
        minutes,
        slaViolationMinutes,
        slaViolationPct,
        underProvisionedMinutes,
        overProvisionedMinutes,
        underProvisionedTimePct,
        overProvisionedTimePct,
        underProvisioningPct,
        overProvisioningPct,
        instabilityPct,
        actions,
        failedLaunches,
        ratio);
  }
}
