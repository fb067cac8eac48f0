package org.spineoutcomes.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How many changes each task of a stage holds for its next flush (procedures not yet sent to their patients,
 * patients not yet sent to their strata), readable from outside the stream threads, to tell when everything read
 * is reflected, without scanning the stores.
 */
public final class PendingChanges {

  private record Key(String stage, TaskId task) {}

  private final Map<Key, Integer> byTask = new ConcurrentHashMap<>();

  public void set(String stage, TaskId task, int changes) {
    if (changes == 0) {
      byTask.remove(new Key(stage, task));
    } else {
      byTask.put(new Key(stage, task), changes);
    }
  }

  public long total() {
    return byTask.values().stream().mapToLong(Integer::longValue).sum();
  }
}
