package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.core.destinations.Endpoints;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.OutcomeKind;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.PipelineSettings;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * First attempt of each batch, chained to routing and batching (no keyed hop, nothing serialized):
 * a batch is sent at once and its answers come back through the mailbox, as in Flink's
 * AsyncWaitOperator. What must wait crosses to the keyed {@link DeliverOperator} on {@link #WAIT},
 * which stays authoritative (backlog, backoff, breaker, horizon, auth pause):
 *
 * <ul>
 *   <li>every batch of a connection whose latest state, as routing knows it from
 *       deliveries.connections, is waiting: no call, in order behind its backlog;
 *   <li>the events of a retryable or auth-error answer, with that first answer (the keyed operator
 *       records it as the connection's failure, as if it had sent the request itself);
 *   <li>every later batch of a connection this subtask saw answer so, until a state of the keyed
 *       operator newer than that answer arrives (not for a fixed time: the keyed operator says when
 *       the connection is clear, whatever the backoff: {@link DeliverOperator#waits});
 *   <li>batches beyond {@code maxInFlight} requests of a platform that has not answered for {@link
 *       #BUSY_MS}, so a platform that hangs does not stop the task routing runs on (one that still
 *       answers holds routing back until a request is free).
 * </ul>
 *
 * <p>The window left: a subtask that has not seen a connection fail itself calls it until the keyed
 * operator's "waiting" reaches it through Kafka (docs/pipeline.md).
 *
 * <p>A delivery's QUEUED state is born here, and only when it waits: when its batch crosses to the
 * keyed operator, or when its request has been out for {@code stateHold} without an answer. Most
 * deliveries end within milliseconds, and a QUEUED state for each (as routing emitted before) was
 * half of all the results serialized to the sinks and written to deliveries.results, to be
 * overtaken at once.
 */
public class FastDeliverOperator extends AbstractStreamOperator<DeliveryResult>
    implements OneInputStreamOperator<DeliveryBatch, DeliveryResult>, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;

  /** Batches that must wait: to the keyed delivery operator. */
  public static final OutputTag<DeliveryBatch> WAIT =
      new OutputTag<>("must-wait", TypeInformation.of(DeliveryBatch.class));

  private final String platform;
  private final PipelineSettings.Delivery settings;
  private final String credentialsKey;
  private final Endpoints endpoints;
  private final long holdMillis;

  private transient DestinationAdapter adapter;
  private transient PlatformSender sender;
  private transient MailboxExecutor mailbox;
  private transient ListState<DeliveryBatch> unsentState;
  private transient List<DeliveryBatch> restored;

  /** In sending order, so the head is the next one due for its QUEUED state. */
  private transient LinkedHashMap<Long, Request> inFlight;

  private transient long nextRequestId;
  private transient boolean timerSet;

  /** A platform that answered within this long is busy, not hanging ({@link #awaitSlot}). */
  static final long BUSY_MS = 1_000;

  private transient long lastAnswerAt;
  private transient long wakeAt;

  /** A request out, since when, and whether its events show as QUEUED already. */
  private static final class Request {
    final DeliveryBatch batch;
    final long sentAt;
    boolean queuedShown;

    Request(DeliveryBatch batch, long sentAt) {
      this.batch = batch;
      this.sentAt = sentAt;
    }
  }

  /**
   * Connections this subtask saw answer "wait" itself, and when: their batches go to the keyed
   * operator until routing knows a newer state of them.
   */
  private transient Map<String, Long> marks;

  public FastDeliverOperator(String platform, PipelineSettings settings) {
    this.platform = platform;
    this.settings = settings.delivery();
    this.credentialsKey = settings.credentialsKey();
    this.endpoints = settings.endpoints();
    this.holdMillis = settings.stateHold().toMillis();
  }

  @Override
  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    super.setMailboxExecutor(mailboxExecutor);
    this.mailbox = mailboxExecutor;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    unsentState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("in-flight", TypeInformation.of(DeliveryBatch.class)));
    restored = new ArrayList<>();
    if (context.isRestored()) {
      for (DeliveryBatch b : unsentState.get()) {
        restored.add(b);
      }
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    adapter =
        DestinationAdapters.forPlatform(platform)
            .orElseThrow(() -> new IllegalStateException("no adapter for " + platform));
    sender =
        new PlatformSender(
            adapter, credentialsKey, endpoints, settings.allowPrivateWebhookTargets());
    inFlight = new LinkedHashMap<>();
    marks = new HashMap<>();
    // In flight at the checkpoint: their answers are lost, so they go again (same event ids).
    for (DeliveryBatch b : restored) {
      send(ConnectionKey.of(b), b);
    }
    restored = null;
  }

  @Override
  public void processElement(StreamRecord<DeliveryBatch> record) throws Exception {
    DeliveryBatch batch = record.getValue();
    if (batch.events.isEmpty()) {
      return;
    }
    String key = ConnectionKey.of(batch);
    if (inFlight.size() >= settings.maxInFlight() && !mustWait(key, batch)) {
      awaitSlot();
    }
    // Still at its bound (a platform that hangs) the batch goes to the keyed operator too, which
    // has its own: waiting longer would hold up routing and every other platform on this task.
    if (mustWait(key, batch) || inFlight.size() >= settings.maxInFlight()) {
      queued(batch, Instant.now());
      output.collect(WAIT, new StreamRecord<>(batch));
      return;
    }
    send(key, batch);
  }

  /**
   * At the bound, a platform that still answers is busy, not hanging: routing waits here for a free
   * request (back-pressure, as an async operator gives) instead of handing the batch to the keyed
   * operator, whose one task per connection is slower than the fast path under load: a webhook
   * handed on so stayed there, behind its own backlog, and the whole pipeline fell behind
   * (docs/benchmarks/2026-12-07-rollup-lag.md). A platform without an answer for {@link #BUSY_MS}
   * while its oldest request has been out that long is left at once.
   */
  private void awaitSlot() throws InterruptedException {
    while (inFlight.size() >= settings.maxInFlight()) {
      // Hanging: no answer for BUSY_MS, while the oldest request out has been out that long.
      long oldest = inFlight.values().iterator().next().sentAt;
      long deadline = Math.max(lastAnswerAt, oldest) + BUSY_MS;
      long now = now();
      if (now >= deadline) {
        return;
      }
      if (wakeAt <= now) {
        // Answers wake the wait; this, the moment the platform counts as hanging.
        wakeAt = deadline;
        getProcessingTimeService().registerTimer(deadline, t -> {});
      }
      mailbox.yield();
    }
  }

  /** Whether the connection is waiting, as routing or this subtask's own answers know. */
  private boolean mustWait(String key, DeliveryBatch batch) {
    if (!marks.isEmpty()) {
      Long mark = marks.get(key);
      if (mark != null) {
        if (batch.signalVersion <= mark) {
          return true;
        }
        // The keyed operator decided after this subtask's mark: its state is the newer word.
        marks.remove(key);
      }
    }
    return batch.signalWaiting;
  }

  private void send(String key, DeliveryBatch batch) {
    ConnectionConfig connection = batch.connection;
    Instant at = Instant.now();
    List<TrackEvent> eligible = new ArrayList<>(batch.events.size());
    for (TrackEvent e : batch.events) {
      Optional<String> skip = adapter.skipReason(e, connection.settings, at);
      if (skip.isPresent()) {
        emit(e, connection, DeliveryStatus.SKIPPED, 0, 0, skip.get());
      } else {
        eligible.add(e);
      }
    }
    if (eligible.isEmpty()) {
      return;
    }
    long id = nextRequestId++;
    long now = now();
    inFlight.put(id, new Request(new DeliveryBatch(connection, eligible), now));
    if (!timerSet) {
      timerSet = true;
      getProcessingTimeService().registerTimer(now + holdMillis, this);
    }
    CompletableFuture<List<Outcome>> answer;
    try {
      answer = sender.send(connection, eligible.get(0).merchantId, eligible);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (outcomes, error) ->
            mailbox.execute(() -> onAnswer(id, key, outcomes, error), "delivery answer"));
  }

  private void onAnswer(long id, String key, List<Outcome> outcomes, Throwable error) {
    lastAnswerAt = now();
    Request request = inFlight.remove(id);
    if (request == null) {
      return;
    }
    DeliveryBatch b = request.batch;
    if (error != null) {
      // The credentials could not be read: no retry helps.
      for (TrackEvent e : b.events) {
        emit(e, b.connection, DeliveryStatus.ERROR, 0, 0, DeliverOperator.rootMessage(error));
      }
      return;
    }
    List<TrackEvent> again = new ArrayList<>();
    List<TrackEvent> refused = new ArrayList<>();
    Outcome retry = null;
    Outcome auth = null;
    for (int i = 0; i < b.events.size(); i++) {
      TrackEvent e = b.events.get(i);
      Outcome o = outcomes.get(i);
      if (o.kind() == OutcomeKind.RETRY) {
        again.add(e);
        retry = o;
      } else if (o.isAuthError()) {
        // Whether these FAIL (the connection's first refusal) or wait (it is paused already) is
        // the keyed operator's decision.
        refused.add(e);
        auth = o;
      } else {
        emit(
            e,
            b.connection,
            o.kind() == OutcomeKind.DELIVERED ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED,
            1,
            o.httpStatus(),
            o.message());
      }
    }
    if (retry == null && auth == null) {
      return;
    }
    long mark = now();
    marks.put(key, mark);
    if (retry != null) {
      handOn(request, again, retry, false, mark);
    }
    if (auth != null) {
      handOn(request, refused, auth, true, mark);
    }
  }

  /** Requests out for {@code holdMillis} without an answer: their events show as QUEUED. */
  @Override
  public void onProcessingTime(long time) {
    timerSet = false;
    for (Request r : inFlight.values()) {
      if (r.queuedShown) {
        continue;
      }
      if (r.sentAt + holdMillis > time) {
        timerSet = true;
        getProcessingTimeService().registerTimer(r.sentAt + holdMillis, this);
        return;
      }
      r.queuedShown = true;
      queued(r.batch, Instant.ofEpochMilli(r.sentAt));
    }
  }

  /**
   * The QUEUED state of a batch's events, dated when they were queued: the keyed operator's RETRY
   * or final state comes later and overtakes it.
   */
  private void queued(DeliveryBatch batch, Instant at) {
    for (TrackEvent e : batch.events) {
      output.collect(
          new StreamRecord<>(
              DeliveryResult.of(
                  e, platform, batch.connection.id, DeliveryStatus.QUEUED, 0, 0, null, at)));
    }
  }

  /** To the keyed operator, with the first answer: it records the failure and parks the events. */
  private void handOn(
      Request request, List<TrackEvent> events, Outcome o, boolean authError, long mark) {
    DeliveryBatch sent = request.batch;
    DeliveryBatch wait = new DeliveryBatch(sent.connection, events);
    if (!request.queuedShown) {
      queued(wait, Instant.ofEpochMilli(request.sentAt));
    }
    wait.merchantId = sent.events.get(0).merchantId;
    wait.tried(o, authError);
    wait.markedAt = mark;
    output.collect(WAIT, new StreamRecord<>(wait));
  }

  private void emit(
      TrackEvent e,
      ConnectionConfig connection,
      DeliveryStatus status,
      int attempts,
      int httpStatus,
      String error) {
    output.collect(
        new StreamRecord<>(
            DeliveryResult.of(
                e, platform, connection.id, status, attempts, httpStatus, error, Instant.now())));
  }

  private long now() {
    return getProcessingTimeService().getCurrentProcessingTime();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<DeliveryBatch> unsent = new ArrayList<>(inFlight.size());
    for (Request r : inFlight.values()) {
      unsent.add(r.batch);
    }
    unsentState.update(unsent);
  }

  /** The input ended (bounded runs, tests): the answers in flight are awaited. */
  @Override
  public void finish() throws Exception {
    while (!inFlight.isEmpty()) {
      mailbox.yield();
    }
    super.finish();
  }
}
