package io.yogurt.autoscaler.loop;

import java.util.Optional;

/**
 * Where the loop keeps each pool's {@link PoolMemory}. A store that {@link #shared() is shared}
 * (PostgreSQL under HA) is read before every tick and written before the tick acts, so that the
 * instance ticking next knows the drains in flight, the missing workers and the stabilization
 * window of the one before; a store of this process alone is read once, at start.
 */
public interface LoopMemoryStore {

  /** Whether other processes write to it too; then the loop reads it before every tick. */
  boolean shared();

  /** The pool's memory as last saved; empty when none was. */
  Optional<PoolMemory> load(String pool) throws LoopMemoryException;

  /** Saves the pool's memory in place of the last one. */
  void save(String pool, PoolMemory memory) throws LoopMemoryException;

  /** Nothing kept: a restart starts from scratch (simulations, tests). */
  LoopMemoryStore NONE =
      new LoopMemoryStore() {
        @Override
        public boolean shared() {
          return false;
        }

        @Override
        public Optional<PoolMemory> load(String pool) {
          return Optional.empty();
        }

        @Override
        public void save(String pool, PoolMemory memory) {}
      };

  /** The store could not be read or written. */
  final class LoopMemoryException extends Exception {
    public LoopMemoryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
