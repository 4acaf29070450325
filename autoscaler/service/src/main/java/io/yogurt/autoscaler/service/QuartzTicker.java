package io.yogurt.autoscaler.service;

import io.yogurt.autoscaler.ha.HaSettings;
import io.yogurt.autoscaler.ha.PostgresConnections;
import io.yogurt.autoscaler.ha.QuartzTables;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on Quartz: each job is a {@code Consumer<Instant>} called every period with the clock's
 * time. A tick that overruns its period is not run twice at once; missed runs are skipped, not
 * bunched.
 *
 * <p>With {@link HaSettings#onPostgres()}, the schedule is Quartz's clustered JDBC job store in
 * PostgreSQL, shared by every instance under the same scheduler name: each run fires on exactly one
 * live instance, which calls its own job of that name (jobs live in each instance's scheduler
 * context, never in the database).
 */
public final class QuartzTicker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QuartzTicker.class);

  private final Scheduler scheduler;
  private final InstantSource clock;

  /**
   * How late a run may start before it counts as missed and is skipped. Small, so that after a
   * failover the survivor resumes at the next period instead of replaying the missed ones.
   */
  static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(1);

  public QuartzTicker(String name, InstantSource clock) throws SchedulerException {
    this(name, clock, HaSettings.disabled());
  }

  public QuartzTicker(String name, InstantSource clock, HaSettings ha) throws SchedulerException {
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
    // The loop, training and compaction may run at once: a long training never delays a tick.
    p.setProperty("org.quartz.threadPool.threadCount", "3");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", name + "-job");
    if (ha.onPostgres()) {
      clustered(p, ha);
    } else {
      p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    }
    this.scheduler = new StdSchedulerFactory(p).getScheduler();
    this.clock = clock;
  }

  private static void clustered(Properties p, HaSettings ha) throws SchedulerException {
    PostgresConnections connections = new PostgresConnections(ha);
    try {
      QuartzTables.createIfMissing(connections);
    } catch (SQLException e) {
      throw new SchedulerException(
          "cannot prepare Quartz's tables at " + ha.jdbcUrl() + ": " + e.getMessage(), e);
    }
    // Registered by name rather than configured through properties, which would hold the password.
    String dataSource = "yogurt-ha-" + ha.instanceId();
    DBConnectionManager.getInstance().addConnectionProvider(dataSource, connections);
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, ha.instanceId());
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", dataSource);
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(ha.checkInInterval().toMillis()));
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD.toMillis()));
    // An instance that found nothing to run looks again this soon (Quartz's default is 30 s).
    p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    log.info("schedule shared through {} as instance {}", ha.jdbcUrl(), ha.instanceId());
  }

  /** Schedules {@code job} every {@code period}, the first run after {@code firstDelay}. */
  public void every(String name, Duration period, Duration firstDelay, Consumer<Instant> job)
      throws SchedulerException {
    scheduler.getContext().put(name, (Runnable) () -> job.accept(clock.instant()));
    JobDetail detail =
        JobBuilder.newJob(ContextJob.class).withIdentity(name).usingJobData("task", name).build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(name)
            .startAt(Date.from(clock.instant().plus(firstDelay)))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(period.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    // In a cluster another instance may have stored this job already: keep its schedule (so
    // restarting an instance does not shift the ticks) unless the period changed.
    if (scheduler.getTrigger(trigger.getKey()) instanceof SimpleTrigger stored
        && stored.getRepeatInterval() == period.toMillis()
        && scheduler.checkExists(detail.getKey())) {
      return;
    }
    try {
      scheduler.scheduleJob(detail, Set.of(trigger), true);
    } catch (ObjectAlreadyExistsException racedByAnotherInstance) {
      log.debug("job {} stored meanwhile by another instance", name);
    }
  }

  /**
   * When the job last ran, on whichever instance shares the schedule; empty if never or unknown.
   */
  public Optional<Instant> lastRun(String name) {
    try {
      Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(name));
      return t == null || t.getPreviousFireTime() == null
          ? Optional.empty()
          : Optional.of(t.getPreviousFireTime().toInstant());
    } catch (SchedulerException e) {
      return Optional.empty(); // the shared store is unreachable: nothing is known to be ticking
    }
  }

  public void start() throws SchedulerException {
    scheduler.start();
  }

  /** Stops scheduling and waits for a running job to finish. */
  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      log.warn("stopping the scheduler: {}", e.toString());
    }
  }

  /** Runs the task named in its data from the scheduler's context; one at a time per job. */
  @DisallowConcurrentExecution
  public static final class ContextJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      String task = context.getMergedJobDataMap().getString("task");
      try {
        if (!(context.getScheduler().getContext().get(task) instanceof Runnable run)) {
          // A job stored by another instance that this one does not have (another provider).
          log.warn("job {} is scheduled in the cluster but not known to this instance", task);
          return;
        }
        run.run();
      } catch (SchedulerException | RuntimeException e) {
        // Contained: one bad run must not stop the schedule.
        log.error("job {} failed: {}", task, e.toString(), e);
      }
    }
  }
}
