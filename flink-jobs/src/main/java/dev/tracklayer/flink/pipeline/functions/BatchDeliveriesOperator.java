package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Groups a connection's tasks into platform requests: a batch leaves when it is full or when its
 * first event has waited {@code linger}, so throughput is not one HTTP request per event while a
 * lone event is not held for long.
 *
 * <p>Held in memory ({@link HeldInMemoryOperator}): every batch is handed downstream before a
 * checkpoint barrier passes, and the delivery operator checkpoints it as in-flight work.
 */
public class BatchDeliveriesOperator extends HeldInMemoryOperator<DeliveryTask, DeliveryBatch>
    implements ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;

  private final int maxBatchSize;
  private final long lingerMillis;
  private transient Map<String, Pending> pending;
  private transient boolean timerSet;

  public BatchDeliveriesOperator(int maxBatchSize, Duration linger) {
    this.maxBatchSize = Math.max(1, maxBatchSize);
    this.lingerMillis = linger.toMillis();
  }

  private static final class Pending {
    ConnectionConfig connection;
    final List<TrackEvent> events = new ArrayList<>();
    final long since;
    long signalVersion;
    boolean signalWaiting;

    Pending(long since) {
      this.since = since;
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    pending = new LinkedHashMap<>();
  }

  @Override
  public void processElement(StreamRecord<DeliveryTask> record) {
    DeliveryTask task = record.getValue();
    if (maxBatchSize == 1) {
      emit(task.connection, List.of(task.event), task.signalVersion, task.signalWaiting);
      return;
    }
    long now = getProcessingTimeService().getCurrentProcessingTime();
    Pending p = pending.computeIfAbsent(task.connection.id, id -> new Pending(now));
    // The newest connection snapshot carries rotated credentials.
    p.connection = task.connection;
    p.events.add(task.event);
    // The newest connection state routing knew of goes with the batch (the fast path's decision).
    if (task.signalVersion >= p.signalVersion) {
      p.signalVersion = task.signalVersion;
      p.signalWaiting = task.signalWaiting;
    }
    if (p.events.size() >= maxBatchSize) {
      pending.remove(task.connection.id);
      emit(p);
    } else if (!timerSet) {
      timerSet = true;
      getProcessingTimeService().registerTimer(now + lingerMillis, this);
    }
  }

  @Override
  public void onProcessingTime(long time) {
    timerSet = false;
    long next = Long.MAX_VALUE;
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.since + lingerMillis <= time) {
        it.remove();
        emit(p);
      } else {
        next = Math.min(next, p.since + lingerMillis);
      }
    }
    if (next != Long.MAX_VALUE) {
      timerSet = true;
      getProcessingTimeService().registerTimer(next, this);
    }
  }

  @Override
  protected void flushAll() {
    for (Pending p : pending.values()) {
      emit(p);
    }
    pending.clear();
  }

  private void emit(Pending p) {
    emit(p.connection, p.events, p.signalVersion, p.signalWaiting);
  }

  private void emit(
      ConnectionConfig connection, List<TrackEvent> events, long signalVersion, boolean waiting) {
    DeliveryBatch batch = new DeliveryBatch(connection, events);
    batch.signalVersion = signalVersion;
    batch.signalWaiting = waiting;
    output.collect(new StreamRecord<>(batch));
  }
}
