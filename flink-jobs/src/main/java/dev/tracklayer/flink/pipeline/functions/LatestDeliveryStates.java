package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * In front of the ClickHouse {@code deliveries} sink: holds a delivery's QUEUED or RETRY state for
 * {@code hold} and drops it when a newer state of the same delivery arrives meanwhile. The table is
 * a ReplacingMergeTree on (merchant_id, event_id, platform), so a state overtaken that quickly
 * would only be written, copied into the dashboard's lookup view and merged away. Most deliveries
 * end within a second, and their QUEUED rows were about a third of all the rows ClickHouse wrote
 * and merged in the pipeline benchmark. Final states pass at once; a state that nothing overtakes
 * within {@code hold} is written then, so QUEUED and RETRY still show while they last. The
 * deliveries.results topic gets every state, unheld.
 *
 * <p>Held in memory ({@link HeldInMemoryOperator}): all are handed on before a checkpoint barrier
 * passes, and the sink flushes them with the checkpoint.
 */
public class LatestDeliveryStates extends HeldInMemoryOperator<DeliveryResult, DeliveryResult>
    implements ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;

  private final long holdMillis;
  private final int maxHeld;
  private transient LinkedHashMap<String, Held> held;
  private transient boolean timerSet;

  /** A delivery's newest state so far and when its first held state arrived. */
  private static final class Held {
    DeliveryResult result;
    final long since;

    Held(DeliveryResult result, long since) {
      this.result = result;
      this.since = since;
    }
  }

  /**
   * @param maxHeld beyond this many held deliveries the oldest is written at once, which bounds the
   *     memory whatever the rate
   */
  public LatestDeliveryStates(Duration hold, int maxHeld) {
    this.holdMillis = hold.toMillis();
    this.maxHeld = maxHeld;
  }

  @Override
  public void open() throws Exception {
    super.open();
    held = new LinkedHashMap<>();
  }

  @Override
  public void processElement(StreamRecord<DeliveryResult> record) {
    DeliveryResult r = record.getValue();
    String key = r.merchantId + '\u0000' + r.eventId + '\u0000' + r.platform;
    if (r.isFinal()) {
      Held earlier = held.remove(key);
      if (earlier != null && earlier.result.version > r.version) {
        emit(earlier.result);
      }
      emit(r);
      return;
    }
    Held h = held.get(key);
    if (h != null) {
      if (r.version >= h.result.version) {
        h.result = r;
      }
      return;
    }
    long now = getProcessingTimeService().getCurrentProcessingTime();
    // Insertion order is arrival order: the map's head is always the next one due.
    held.put(key, new Held(r, now));
    if (held.size() > maxHeld) {
      Iterator<Held> oldest = held.values().iterator();
      emit(oldest.next().result);
      oldest.remove();
    }
    if (!timerSet) {
      timerSet = true;
      getProcessingTimeService().registerTimer(now + holdMillis, this);
    }
  }

  @Override
  public void onProcessingTime(long time) {
    timerSet = false;
    for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.since + holdMillis > time) {
        timerSet = true;
        getProcessingTimeService().registerTimer(h.since + holdMillis, this);
        return;
      }
      emit(h.result);
      it.remove();
    }
  }

  @Override
  protected void flushAll() {
    for (Map.Entry<String, Held> e : held.entrySet()) {
      emit(e.getValue().result);
    }
    held.clear();
  }

  private void emit(DeliveryResult r) {
    output.collect(new StreamRecord<>(r));
  }
}
