package io.yogurt.provider.supervisor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The calls Yogurt makes to one host's supervisord, and nothing more. */
public interface SupervisorApi {

  /** supervisord's fault codes that Yogurt tells apart. */
  int SHUTDOWN_STATE = 6;

  int BAD_NAME = 10;

  int ALREADY_STARTED = 60;
  int NOT_RUNNING = 70;

  /**
   * Every process supervisord runs ({@code supervisor.getAllProcessInfo}); fails as an exception.
   */
  CompletableFuture<List<ProcessInfo>> processes();

  /** Starts {@code group:name} without waiting for it to settle ({@code startProcess}). */
  void start(String fullName) throws SupervisorException;

  /** Stops {@code group:name} without waiting; its worker gets SIGTERM and drains. */
  void stop(String fullName) throws SupervisorException;
}
