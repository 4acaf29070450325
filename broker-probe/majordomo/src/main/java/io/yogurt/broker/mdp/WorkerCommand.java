package io.yogurt.broker.mdp;

/**
 * Worker commands common to both MDP versions; FINAL is 0.1's REPLY, PARTIAL exists in 0.2 only.
 */
public enum WorkerCommand {
  READY,
  REQUEST,
  FINAL,
  PARTIAL,
  HEARTBEAT,
  DISCONNECT
}
