package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.core.destinations.Endpoints;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.OutcomeKind;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.PipelineSettings;
import dev.tracklayer.flink.pipeline.records.ConnectionHealth;
import dev.tracklayer.flink.pipeline.records.ConnectionSignal;
import dev.tracklayer.flink.pipeline.records.ConnectionState;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryStatus;
import dev.tracklayer.flink.pipeline.records.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Delivers one platform's batches ({@link BatchDeliveriesOperator}), keyed by (merchant,
 * connection) ({@link ConnectionKey}): sends each batch through the adapter, retries what the
 * platform could not take yet until the retry horizon, and keeps a circuit breaker per connection.
 * One operator does all of it, so a RETRY is recorded when it happens and a waiting delivery holds
 * no request capacity.
 *
 * <p><b>Fast path</b> (a connection without waiting deliveries, nearly always): a batch is sent at
 * once; the answer comes back to the task thread through the mailbox, as in Flink's
 * AsyncWaitOperator. Batches in flight are operator state at a checkpoint and are sent again after
 * a restore (at-least-once, same event_id), so the common case pays no keyed state access at all.
 *
 * <p><b>Waiting</b>: a delivery that gets a retryable answer goes into the connection's keyed
 * backlog (RocksDB, checkpointed: a restart or a savepoint upgrade resumes it), in event order,
 * with a processing-time timer for the connection's next attempt. While a connection has a backlog,
 * its new events join it (so order holds and nothing overtakes a waiting event), and one request at
 * a time goes out from the head of the backlog. Backoff is exponential with full jitter above the
 * initial wait, the platform's Retry-After a floor. A delivery whose retry horizon passes (or whose
 * event gets older than the platform accepts) is ERROR.
 *
 * <p><b>Breaker</b>: after {@code breakerFailures} consecutive retryable failures the connection is
 * open: each request is a probe of one event, with backoff. When a probe gets through, the breaker
 * closes and the backlog drains at the platform's drain rate. A refused token (401/403 or the
 * adapter's token error) FAILs that batch with the platform's message and pauses the connection
 * ({@code auth_error}): events wait, and a probe goes out every {@code authProbe}.
 *
 * <p><b>Connection states</b> ({@link #STATES}, to deliveries.connections): "waiting" when a
 * connection gets keyed state, "clear" when it has none left. Routing reads them as broadcast, so
 * the fast path chained to it ({@link FastDeliverOperator}) hands a waiting connection's batches
 * here without a call; this operator stays the authority on every decision.
 */
public class DeliverOperator extends AbstractStreamOperator<DeliveryResult>
    implements OneInputStreamOperator<DeliveryBatch, DeliveryResult>,
        Triggerable<String, VoidNamespace> {
  private static final long serialVersionUID = 1L;

  /** Each connection's health, for the connection_health table. */
  public static final OutputTag<ConnectionHealth> HEALTH =
      new OutputTag<>("connection-health", TypeInformation.of(ConnectionHealth.class));

  /**
   * Each connection's state when it changes between waiting (it has keyed state: a backlog, an open
   * breaker, a paused token) and clear, for routing (deliveries.connections).
   */
  public static final OutputTag<ConnectionSignal> STATES =
      new OutputTag<>("connection-states", TypeInformation.of(ConnectionSignal.class));

  private static final String STATE = "connection-state";

  private final String platform;
  private final PipelineSettings.Delivery settings;
  private final String credentialsKey;
  private final Endpoints endpoints;

  private transient DestinationAdapter adapter;
  private transient PlatformSender sender;
  private transient MailboxExecutor mailbox;
  private transient int maxBatchSize;
  private transient long horizonMillis;
  private transient ValueState<ConnectionState> state;
  private transient MapState<Long, Waiting> backlog;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient ListState<DeliveryBatch> unsentState;
  private transient List<DeliveryBatch> restored;

  /** Fast-path requests in flight: their tasks are checkpointed until the answer. */
  private transient Map<Long, InFlight> inFlight;

  private transient long nextRequestId;
  private transient int requestsInFlight;

  /**
   * The keyed state of every connection that has some, mirrored: the fast path asks this instead of
   * the state backend, and the gauges read it. One entry per troubled connection.
   */
  private transient Map<String, ConnectionState> troubled;

  /**
   * The backlog events of each connection in a request now, by sequence number, and how many
   * requests carry them: one at a time for a connection that failed or is paused (probes); up to
   * {@link #CLEAR_DRAIN_REQUESTS} once answers get through, a recovering one paced at its drain
   * rate when each is sent (a webhook sends one event per request, so one request at a time drained
   * it at one event per round trip, slower than it filled under load).
   */
  private transient Map<String, Drain> draining;

  static final int CLEAR_DRAIN_REQUESTS = 16;

  private static final long PACE_CATCH_UP_MS = 100;

  private static final class Drain {
    final Set<Long> seqs = new HashSet<>();
    int requests;
  }

  /** The last version published: versions only grow (and pass every fast-path mark seen). */
  private transient long lastVersion;

  /** When a "clear" last went out for a connection routing still thought waiting. */
  private transient Map<String, Long> clearedAgain;

  /** The connections last said waiting to routing (the others were said clear or never named). */
  private transient Set<String> saidWaiting;

  private record InFlight(String key, DeliveryBatch batch) {}

  public DeliverOperator(String platform, PipelineSettings settings) {
    this.platform = platform;
    this.settings = settings.delivery();
    this.credentialsKey = settings.credentialsKey();
    this.endpoints = settings.endpoints();
  }

  /** Called by Flink (this is a YieldingOperator): answers come back through the mailbox. */
  @Override
  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    super.setMailboxExecutor(mailboxExecutor);
    this.mailbox = mailboxExecutor;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    // Union: after a rescale each subtask takes the tasks whose key it now owns.
    unsentState =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>("unsent", TypeInformation.of(DeliveryBatch.class)));
    restored = new ArrayList<>();
    if (context.isRestored()) {
      var info = getRuntimeContext().getTaskInfo();
      int maxParallelism = info.getMaxNumberOfParallelSubtasks();
      var range =
          KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
              maxParallelism, info.getNumberOfParallelSubtasks(), info.getIndexOfThisSubtask());
      for (DeliveryBatch t : unsentState.get()) {
        int group = KeyGroupRangeAssignment.assignToKeyGroup(ConnectionKey.of(t), maxParallelism);
        if (range.contains(group)) {
          restored.add(t);
        }
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
    maxBatchSize = Math.max(1, adapter.maxBatchSize());
    horizonMillis = settings.horizon(platform).toMillis();
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(STATE, TypeInformation.of(ConnectionState.class)));
    backlog =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("backlog", Types.LONG, TypeInformation.of(Waiting.class)));
    timers = getInternalTimerService("delivery-retries", VoidNamespaceSerializer.INSTANCE, this);
    inFlight = new HashMap<>();
    // Read by the metric reporter's thread (the gauges).
    troubled = new ConcurrentHashMap<>();
    draining = new HashMap<>();
    clearedAgain = new HashMap<>();
    saidWaiting = new HashSet<>();

    // The connections that were waiting when the checkpoint was taken: mirrored, and due again (a
    // backlog request in flight then has no timer left, and its answer is lost).
    List<String> keys = new ArrayList<>();
    try (var stream =
        getKeyedStateBackend().<VoidNamespace>getKeys(STATE, VoidNamespace.INSTANCE)) {
      stream.forEach(k -> keys.add((String) k));
    }
    long now = now();
    for (String key : keys) {
      setCurrentKey(key);
      ConnectionState s = state.value();
      if (s != null) {
        troubled.put(key, s);
        timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, Math.max(now, s.nextAttemptAt));
        // Said again: the topic may hold a later word than this checkpoint's state.
        signal(key, waits(s));
      }
    }

    MetricGroup metrics = PipelineMetrics.group(getMetricGroup());
    metrics.gauge(
        "connections_open",
        (Gauge<Long>)
            () ->
                troubled.values().stream()
                    .filter(s -> s.status.equals(ConnectionState.OPEN))
                    .count());
    metrics.gauge(
        "connections_auth_error",
        (Gauge<Long>)
            () ->
                troubled.values().stream()
                    .filter(s -> s.status.equals(ConnectionState.AUTH_ERROR))
                    .count());
    metrics.gauge(
        "parked_backlog",
        (Gauge<Long>) () -> troubled.values().stream().mapToLong(s -> s.backlog).sum());

    for (DeliveryBatch t : restored) {
      String key = ConnectionKey.of(t);
      setCurrentKey(key);
      accept(key, t);
    }
    restored = null;
  }

  @Override
  public void processElement(StreamRecord<DeliveryBatch> record) throws Exception {
    DeliveryBatch batch = record.getValue();
    if (batch.events.isEmpty() && batch.attempts == 0) {
      return;
    }
    String key = ConnectionKey.of(batch);
    // Bounded: like the async operator, wait for answers (which the mailbox runs meanwhile).
    while (requestsInFlight >= settings.maxInFlight()) {
      mailbox.yield();
    }
    setCurrentKey(key);
    accept(key, batch);
  }

  private void accept(String key, DeliveryBatch batch) throws Exception {
    ConnectionState s = troubled.get(key);
    if (batch.attempts > 0) {
      handedOn(key, s, batch);
      return;
    }
    boolean waits = s != null && waits(s);
    if (!waits && batch.signalWaiting) {
      clearAgain(key);
    }
    if (waits) {
      List<Waiting> waiting = new ArrayList<>(batch.events.size());
      for (TrackEvent e : batch.events) {
        waiting.add(new Waiting(e, 0));
      }
      park(key, s, waiting, batch.connection);
      return;
    }
    sendFast(key, batch);
  }

  /** A fast-path batch: sent at once, kept as operator state until its answer. */
  private void sendFast(String key, DeliveryBatch batch) {
    ConnectionConfig connection = batch.connection;
    Instant now = Instant.now();
    List<TrackEvent> eligible = new ArrayList<>(batch.events.size());
    for (TrackEvent e : batch.events) {
      Optional<String> skip = adapter.skipReason(e, connection.settings, now);
      if (skip.isPresent()) {
        emit(result(e, connection, DeliveryStatus.SKIPPED, 0, 0, skip.get()));
      } else {
        eligible.add(e);
      }
    }
    if (eligible.isEmpty()) {
      return;
    }
    long id = nextRequestId++;
    inFlight.put(id, new InFlight(key, new DeliveryBatch(connection, eligible)));
    requestsInFlight++;
    send(connection, eligible)
        .whenComplete(
            (outcomes, error) ->
                mailbox.execute(
                    () -> onFastAnswer(id, connection, eligible, outcomes, error),
                    "delivery answer"));
  }

  private CompletableFuture<List<Outcome>> send(
      ConnectionConfig connection, List<TrackEvent> events) {
    try {
      return sender.send(connection, events.get(0).merchantId, events);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void onFastAnswer(
      long id,
      ConnectionConfig connection,
      List<TrackEvent> events,
      List<Outcome> outcomes,
      Throwable error)
      throws Exception {
    InFlight b = inFlight.remove(id);
    requestsInFlight--;
    if (b == null) {
      return;
    }
    setCurrentKey(b.key());
    if (error != null) {
      // The credentials could not be read: no retry helps.
      for (TrackEvent e : events) {
        emit(result(e, connection, DeliveryStatus.ERROR, 0, 0, rootMessage(error)));
      }
      return;
    }
    List<Waiting> again = new ArrayList<>();
    Outcome retry = null;
    Outcome auth = null;
    for (int i = 0; i < events.size(); i++) {
      TrackEvent e = events.get(i);
      Outcome o = outcomes.get(i);
      if (o.kind() == OutcomeKind.RETRY) {
        again.add(new Waiting(e, 1));
        retry = o;
      } else {
        settled(e, connection, o, 1);
        if (o.isAuthError()) {
          auth = o;
        }
      }
    }
    if (retry == null && auth == null) {
      return;
    }
    ConnectionState s = troubled.get(b.key());
    if (s == null) {
      s = new ConnectionState();
      s.merchantId = events.get(0).merchantId;
    }
    long now = now();
    if (auth != null) {
      pause(s, auth, now);
    } else {
      failed(s, retry, now);
    }
    // What this request must retry, behind anything already waiting (as RETRY, when it goes next).
    park(b.key(), s, again, connection);
    for (Waiting w : again) {
      emitRetry(w, connection, retry, s.nextAttemptAt);
    }
  }

  /**
   * A batch the fast path ({@link FastDeliverOperator}) sent once and must wait: its answer counts
   * as this connection's failure, as if this operator had sent it.
   */
  private void handedOn(String key, ConnectionState s, DeliveryBatch batch) throws Exception {
    // What this operator says of the connection from now on is newer than the fast path's mark.
    lastVersion = Math.max(lastVersion, batch.markedAt);
    if (s == null) {
      s = new ConnectionState();
      s.merchantId = batch.merchantId;
    }
    Outcome o = batch.firstOutcome();
    long now = now();
    List<Waiting> again = new ArrayList<>(batch.events.size());
    if (batch.firstAuthError && !ConnectionState.AUTH_ERROR.equals(s.status)) {
      // The connection's first refusal: these events FAIL with the platform's message.
      for (TrackEvent e : batch.events) {
        settled(e, batch.connection, o, 1);
      }
      pause(s, o, now);
    } else {
      // Retryable, or refused while already paused (a probe does not burn its event either).
      for (TrackEvent e : batch.events) {
        again.add(new Waiting(e, 1));
      }
      if (batch.firstAuthError) {
        pause(s, o, now);
      } else {
        failed(s, o, now);
      }
    }
    park(key, s, again, batch.connection);
    for (Waiting w : again) {
      emitRetry(w, batch.connection, o, s.nextAttemptAt);
    }
  }

  /** A final state for one event of an answer. */
  private void settled(TrackEvent e, ConnectionConfig connection, Outcome o, int attempts) {
    DeliveryStatus status =
        o.kind() == OutcomeKind.DELIVERED ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED;
    emit(result(e, connection, status, attempts, o.httpStatus(), o.message()));
  }

  /** Appends to the connection's backlog (creating its state) and schedules its next attempt. */
  private void park(String key, ConnectionState s, List<Waiting> waiting, ConnectionConfig conn)
      throws Exception {
    if (s.merchantId == null && !waiting.isEmpty()) {
      s.merchantId = waiting.get(0).event.merchantId;
    }
    s.connection = conn;
    for (Waiting w : waiting) {
      backlog.put(s.tail++, w);
      s.backlog++;
    }
    if (s.nextAttemptAt == 0) {
      s.nextAttemptAt = now();
    }
    save(key, s);
    // Timers are deduplicated per key and time: this is one per attempt, not per parked event.
    timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.nextAttemptAt);
  }

  /** A retryable failure of the connection: backoff, and the breaker opens after N in a row. */
  private void failed(ConnectionState s, Outcome o, long now) {
    s.consecutiveFailures++;
    s.lastError = describe(o);
    if (ConnectionState.CLOSED.equals(s.status)
        && s.consecutiveFailures >= settings.breakerFailures()) {
      s.status = ConnectionState.OPEN;
      s.since = now;
      s.probes = 0;
    }
    s.nextAttemptAt = now + backoff(s.consecutiveFailures, o.retryAfter()).toMillis();
  }

  /** The platform refused the credentials: events wait, probed slowly. */
  private void pause(ConnectionState s, Outcome o, long now) {
    if (!ConnectionState.AUTH_ERROR.equals(s.status)) {
      s.status = ConnectionState.AUTH_ERROR;
      s.since = now;
    }
    s.lastError = describe(o);
    s.nextAttemptAt = now + settings.authProbe().toMillis();
  }

  /** A waiting connection's timer: the next request from the head of its backlog. */
  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    String key = timer.getKey();
    ConnectionState s = state.value();
    if (s == null) {
      return;
    }
    long now = now();
    if (now < s.nextAttemptAt) {
      // An earlier timer of a connection whose attempt moved later.
      timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.nextAttemptAt);
      return;
    }
    Drain drain = draining.computeIfAbsent(key, k -> new Drain());
    boolean clear = !s.isPaused() && s.consecutiveFailures == 0;
    int requests = clear ? CLEAR_DRAIN_REQUESTS : 1;
    while (drain.requests < requests) {
      if (requestsInFlight >= settings.maxInFlight()) {
        timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now + 50);
        break;
      }
      if (now < s.nextAttemptAt) {
        // A recovering connection's pace: its next request is due later.
        timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, s.nextAttemptAt);
        break;
      }
      if (!sendFromBacklog(key, s, drain, now)) {
        break;
      }
    }
    if (drain.requests == 0) {
      draining.remove(key);
    }
  }

  /**
   * The next request of a connection's backlog: from its head, past the events already in a
   * request. False when nothing was sent (the backlog's head expired or was skipped, or every event
   * left is in a request).
   */
  private boolean sendFromBacklog(String key, ConnectionState s, Drain drain, long now)
      throws Exception {
    // A probe is one event; a recovering backlog goes a second's worth of its rate at a time.
    int limit =
        s.isPaused()
            ? 1
            : s.recovering
                ? (int) Math.max(1, Math.min(maxBatchSize, settings.drainRate(platform)))
                : maxBatchSize;
    List<Long> seqs = new ArrayList<>();
    List<Waiting> batch = new ArrayList<>();
    Instant at = Instant.ofEpochMilli(now);
    for (long seq = s.head; seq < s.tail && batch.size() < limit; seq++) {
      if (drain.seqs.contains(seq)) {
        continue;
      }
      Waiting w = backlog.get(seq);
      if (w == null) {
        if (seq == s.head) {
          s.head++;
        }
        continue;
      }
      String expired = expired(w.event, now);
      Optional<String> skip =
          expired == null
              ? adapter.skipReason(w.event, s.connection.settings, at)
              : Optional.empty();
      if (expired != null || skip.isPresent()) {
        emit(
            expired != null
                ? result(w.event, s.connection, DeliveryStatus.ERROR, w.attempts, 0, expired)
                : result(w.event, s.connection, DeliveryStatus.SKIPPED, w.attempts, 0, skip.get()));
        backlog.remove(seq);
        s.backlog--;
        if (seq == s.head) {
          s.head++;
        }
        continue;
      }
      seqs.add(seq);
      batch.add(w);
    }
    if (batch.isEmpty()) {
      if (drain.requests == 0) {
        settle(key, s, now);
      } else {
        save(key, s);
      }
      return false;
    }
    if (s.recovering && !s.isPaused()) {
      // Paced when sent, not when answered, so a webhook (one event a request) reaches the drain
      // rate with several requests out; a timer that fired late may catch up a tenth of a second.
      s.nextAttemptAt =
          Math.max(s.nextAttemptAt, now - PACE_CATCH_UP_MS)
              + (long) Math.ceil(batch.size() * 1000.0 / settings.drainRate(platform));
    }
    save(key, s);
    List<TrackEvent> events = new ArrayList<>(batch.size());
    for (Waiting w : batch) {
      events.add(w.event);
    }
    ConnectionConfig connection = s.connection;
    drain.seqs.addAll(seqs);
    drain.requests++;
    requestsInFlight++;
    send(connection, events)
        .whenComplete(
            (outcomes, error) ->
                mailbox.execute(
                    () -> onBacklogAnswer(key, seqs, batch, outcomes, error), "retry answer"));
    return true;
  }

  private void onBacklogAnswer(
      String key, List<Long> seqs, List<Waiting> batch, List<Outcome> outcomes, Throwable error)
      throws Exception {
    Drain drain = draining.get(key);
    if (drain != null) {
      drain.seqs.removeAll(seqs);
      if (--drain.requests == 0) {
        draining.remove(key);
      }
    }
    requestsInFlight--;
    setCurrentKey(key);
    ConnectionState s = state.value();
    if (s == null) {
      return;
    }
    long now = now();
    ConnectionConfig connection = s.connection;
    Outcome retry = null;
    Outcome auth = null;
    int settledCount = 0;
    for (int i = 0; i < batch.size(); i++) {
      Waiting w = batch.get(i);
      w.attempts++;
      Outcome o = error != null ? Outcome.failed(0, rootMessage(error)) : outcomes.get(i);
      boolean keep;
      if (o.kind() == OutcomeKind.RETRY) {
        retry = o;
        keep = true;
      } else if (o.isAuthError() && ConnectionState.AUTH_ERROR.equals(s.status)) {
        // Still refused: a probe of a paused connection does not burn its event.
        auth = o;
        keep = true;
      } else {
        if (o.isAuthError()) {
          auth = o;
        }
        if (error != null) {
          emit(result(w.event, connection, DeliveryStatus.ERROR, w.attempts, 0, o.message()));
        } else {
          settled(w.event, connection, o, w.attempts);
        }
        keep = false;
      }
      if (keep) {
        backlog.put(seqs.get(i), w);
      } else {
        backlog.remove(seqs.get(i));
        s.backlog--;
        settledCount++;
      }
    }
    if (auth != null) {
      pause(s, auth, now);
    } else if (retry != null) {
      failed(s, retry, now);
      if (s.isPaused()) {
        s.probes++;
      }
    } else {
      // Through: the breaker closes. What was parked while it was open drains at the platform's
      // rate (its requests paced when sent); a backlog of a connection that never opened goes as
      // fast as the answers come.
      boolean probe = s.isPaused();
      if (probe) {
        s.recovering = true;
      }
      s.consecutiveFailures = 0;
      s.status = ConnectionState.CLOSED;
      s.since = 0;
      s.lastError = "";
      if (probe) {
        s.nextAttemptAt =
            now + (long) Math.ceil(settledCount * 1000.0 / settings.drainRate(platform));
      } else if (!s.recovering) {
        s.nextAttemptAt = now;
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      Waiting w = batch.get(i);
      if (backlogHas(seqs.get(i)) && (retry != null || auth != null)) {
        emitRetry(w, connection, retry != null ? retry : auth, s.nextAttemptAt);
      }
    }
    while (s.head < s.tail && !backlog.contains(s.head)) {
      s.head++;
    }
    settle(key, s, now);
  }

  private boolean backlogHas(long seq) throws Exception {
    return backlog.contains(seq);
  }

  /** Saves the state and schedules the next attempt, or forgets a connection that is clear. */
  private void settle(String key, ConnectionState s, long now) throws Exception {
    if (s.backlog <= 0 && !s.isPaused()) {
      state.clear();
      backlog.clear();
      troubled.remove(key);
      publish(key, null, now, true);
      signal(key, false);
      return;
    }
    save(key, s);
    if (s.backlog > 0) {
      timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, Math.max(now, s.nextAttemptAt));
    }
    // Paused without anything waiting: the probe needs an event; the next one parked sets it.
  }

  private void save(String key, ConnectionState s) throws Exception {
    state.update(s);
    troubled.put(key, s);
    boolean waits = waits(s);
    if (waits != saidWaiting.contains(key)) {
      signal(key, waits);
    }
    long now = now();
    boolean changed = !s.status.equals(s.publishedStatus);
    if (changed || now - s.publishedAt >= settings.healthInterval().toMillis()) {
      s.publishedAt = now;
      s.publishedStatus = s.status;
      state.update(s);
      publish(key, s, now, false);
    }
  }

  private void publish(String key, ConnectionState s, long now, boolean clear) {
    String merchant = key.substring(0, key.indexOf('\u0000'));
    String connection = key.substring(key.indexOf('\u0000') + 1);
    output.collect(
        HEALTH,
        new StreamRecord<>(
            ConnectionHealth.of(merchant, connection, platform, clear ? null : s, now)));
  }

  /**
   * Whether a connection's new batches must queue behind its backlog: while it fails, is paused, or
   * drains what its open breaker parked (in order, at the platform's rate). A backlog left behind
   * by a failure that has passed (the next answer got through) drains beside new batches instead:
   * behind it, a busy connection fell further behind with each event, since the backlog drains from
   * one task and the fast path from every routing subtask.
   */
  static boolean waits(ConnectionState s) {
    return s.isPaused() || s.consecutiveFailures > 0 || s.recovering;
  }

  /** The connection's state for routing: waiting (see {@link #waits}) or clear. */
  private void signal(String key, boolean waiting) {
    int cut = key.indexOf('\u0000');
    if (waiting) {
      clearedAgain.remove(key);
      saidWaiting.add(key);
    } else {
      saidWaiting.remove(key);
    }
    lastVersion = Math.max(now(), lastVersion + 1);
    output.collect(
        STATES,
        new StreamRecord<>(
            new ConnectionSignal(
                key.substring(0, cut), key.substring(cut + 1), platform, waiting, lastVersion)));
  }

  /**
   * Routing still thinks a connection waiting that has nothing here (a "waiting" published after
   * the checkpoint this job restored): said clear again, at most once a second.
   */
  private void clearAgain(String key) {
    long now = now();
    Long last = clearedAgain.get(key);
    if (last == null || now - last >= 1000) {
      clearedAgain.put(key, now);
      signal(key, false);
    }
  }

  /** Why an event may not wait any longer, or null. */
  private String expired(TrackEvent e, long now) {
    Optional<Duration> maxAge = adapter.maxEventAge();
    if (maxAge.isPresent() && e.eventTime * 1000 + maxAge.get().toMillis() <= now) {
      return "older than the platform accepts (" + maxAge.get().toDays() + " days)";
    }
    long received = e.receivedAt == null ? e.eventTime * 1000 : e.receivedAt;
    if (received + horizonMillis <= now) {
      return "retry horizon of " + settings.horizon(platform) + " reached";
    }
    return null;
  }

  /** Exponential backoff with full jitter above the initial wait; Retry-After is a floor. */
  Duration backoff(int failures, Duration retryAfter) {
    long initial = settings.initialBackoff().toMillis();
    long cap = Math.min(settings.maxBackoff().toMillis(), initial << Math.min(failures - 1, 20));
    long jittered = initial + ThreadLocalRandom.current().nextLong(Math.max(cap - initial, 0) + 1);
    long floor = retryAfter == null ? 0 : retryAfter.toMillis();
    return Duration.ofMillis(Math.max(jittered, floor));
  }

  private void emitRetry(Waiting w, ConnectionConfig connection, Outcome o, long next) {
    DeliveryResult r =
        result(
            w.event,
            connection,
            DeliveryStatus.RETRY,
            Math.max(1, w.attempts),
            o == null ? 0 : o.httpStatus(),
            o == null ? null : o.message());
    r.nextAttemptAt = next;
    emit(r);
  }

  private DeliveryResult result(
      TrackEvent event,
      ConnectionConfig connection,
      DeliveryStatus status,
      int attempts,
      int httpStatus,
      String error) {
    return DeliveryResult.of(
        event, platform, connection.id, status, attempts, httpStatus, error, Instant.now());
  }

  private void emit(DeliveryResult r) {
    output.collect(new StreamRecord<>(r));
  }

  private static String describe(Outcome o) {
    String m = o.message() == null ? "" : o.message();
    // Adapters that have no better text already say "HTTP 503…": not twice.
    return o.httpStatus() > 0 && !m.startsWith("HTTP ") ? "HTTP " + o.httpStatus() + ": " + m : m;
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return String.valueOf(c.getMessage() != null ? c.getMessage() : c);
  }

  private long now() {
    return getProcessingTimeService().getCurrentProcessingTime();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<DeliveryBatch> unsent = new ArrayList<>(inFlight.size());
    for (InFlight f : inFlight.values()) {
      unsent.add(f.batch());
    }
    unsentState.update(unsent);
  }

  /** The input ended (bounded runs, tests): the answers in flight are awaited. */
  @Override
  public void finish() throws Exception {
    while (requestsInFlight > 0) {
      mailbox.yield();
    }
    super.finish();
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) {}
}
