package org.spineoutcomes.streams.patient;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How many patients each task's patient stage holds unflushed changes of, readable from outside the stream
 * threads (to tell when everything read is reflected) without scanning the patients' store.
 */
public final class PendingPatients {

  private final Map<TaskId, Integer> byTask = new ConcurrentHashMap<>();

  void set(TaskId task, int patients) {
    if (patients == 0) {
      byTask.remove(task);
    } else {
      byTask.put(task, patients);
    }
  }

  public long total() {
    return byTask.values().stream().mapToLong(Integer::longValue).sum();
  }
}
