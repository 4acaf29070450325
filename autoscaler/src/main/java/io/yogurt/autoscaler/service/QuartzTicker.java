package io.yogurt.autoscaler.service;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Properties;
import java.util.function.Consumer;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on Quartz: each job is a {@code Consumer<Instant>} called every period with the
 * clock's time. A tick that overruns its period is not run twice at once; missed runs are
 * skipped, not bunched.
 */
public final class QuartzTicker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QuartzTicker.class);

  private final Scheduler scheduler;
  private final InstantSource clock;

  public QuartzTicker(String name, InstantSource clock) throws SchedulerException {
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", name + "-job");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    this.scheduler = new StdSchedulerFactory(p).getScheduler();
    this.clock = clock;
  }

  /** Schedules {@code job} every {@code period}, the first run after {@code firstDelay}. */
  public void every(String name, Duration period, Duration firstDelay, Consumer<java.time.Instant> job)
      throws SchedulerException {
    scheduler.getContext().put(name, (Runnable) () -> job.accept(clock.instant()));
    scheduler.scheduleJob(
        JobBuilder.newJob(ContextJob.class).withIdentity(name).usingJobData("task", name).build(),
        TriggerBuilder.newTrigger().withIdentity(name)
            .startAt(java.util.Date.from(clock.instant().plus(firstDelay)))
            .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(period.toMillis()).repeatForever()
                .withMisfireHandlingInstructionNextWithRemainingCount())
            .build());
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
        ((Runnable) context.getScheduler().getContext().get(task)).run();
      } catch (SchedulerException | RuntimeException e) {
        // Contained: one bad run must not stop the schedule.
        log.error("job {} failed: {}", task, e.toString(), e);
      }
    }
  }
}
