package io.yogurt.autoscaler.service;

import io.yogurt.config.InvalidInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The state directory, locked for one running service at a time. */
public final class StateDir implements AutoCloseable {

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private StateDir(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  public static StateDir lock(Path dir) throws InvalidInputException, IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InvalidInputException(
          "--state-dir " + dir + ": cannot create it (" + e.getMessage() + ")");
    }
    FileChannel channel =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new InvalidInputException(
          "--state-dir " + dir + ": another yogurt service is running with this state directory");
    }
    return new StateDir(dir, channel, lock);
  }

  public Path path() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
