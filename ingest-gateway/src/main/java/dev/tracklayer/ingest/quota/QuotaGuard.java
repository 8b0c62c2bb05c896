package dev.tracklayer.ingest.quota;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tracklayer.ingest.database.DatabaseLookups;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.errors.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Plan allowances at ingestion. Each replica keeps, per merchant, PostgreSQL's count of the period
 * as last read plus what it accepted since, adds its own count to {@code usage_periods} in one
 * statement every flush interval, and reads the plan (with the count) again every state TTL: no
 * database round trip per event.
 *
 * <p>Overshoot: a replica does not see the other replicas' unflushed events, so together they can
 * accept more than the allowance; a replica holds at most {@code max-unflushed} events of a
 * hard-cap merchant unflushed (the next event waits for a flush, one statement for all merchants),
 * so the overshoot is at most that many events per replica. One replica alone never passes the cap.
 */
public class QuotaGuard {
  private static final ThrottledWarning FLUSH_FAILED =
      new ThrottledWarning(LoggerFactory.getLogger(QuotaGuard.class));
  private static final Duration IDLE = Duration.ofMinutes(10);

  private final QuotaProperties props;
  private final UsageRepository repository;
  private final AsyncLoadingCache<String, Optional<PlanState>> plans;
  private final Map<String, MerchantUsage> usages = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  private final Counter refused;
  private final Counter flushFailures;
  private volatile Clock clock;
  private CompletableFuture<Void> nextFlush = new CompletableFuture<>();

  QuotaGuard(
      QuotaProperties props,
      UsageRepository repository,
      DatabaseLookups database,
      Clock clock,
      ScheduledExecutorService flusher,
      MeterRegistry meters) {
    this.props = props;
    this.repository = repository;
    this.clock = clock;
    this.flusher = flusher;
    this.plans =
        Caffeine.newBuilder()
            .maximumSize(props.maxMerchants())
            .expireAfterWrite(props.stateTtl().multipliedBy(2))
            .refreshAfterWrite(props.stateTtl())
            .executor(Runnable::run)
            .buildAsync(
                (merchantId, executor) ->
                    database.lookup(
                        "plan",
                        () -> repository.load(merchantId, props.freePlan(), this.clock.instant())));
    this.refused =
        Counter.builder("tracklayer.ingest.quota.refused")
            .description("Events refused with 429 quota_exceeded: the plan's hard cap was reached")
            .register(meters);
    this.flushFailures =
        Counter.builder("tracklayer.ingest.quota.flush.failures")
            .description("Usage flushes PostgreSQL refused (the counts are kept for the next)")
            .register(meters);
    long interval = props.flushInterval().toMillis();
    flusher.scheduleWithFixedDelay(this::safeFlush, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** The period's clock; tests move it to the next period. */
  void useClock(Clock clock) {
    this.clock = clock;
    plans.synchronous().invalidateAll();
  }

  /**
   * The event's ticket, or 429 {@code quota_exceeded}. A plan that cannot be read lets the event
   * through uncounted: a billing figure is worth less than an event.
   */
  public Mono<Ticket> admit(String merchantId) {
    if (!props.enabled()) {
      return Mono.just(Ticket.NONE);
    }
    CompletableFuture<Optional<PlanState>> lookup = plans.get(merchantId);
    if (lookup.isDone() && !lookup.isCompletedExceptionally()) {
      return decide(merchantId, lookup.join());
    }
    return Mono.fromFuture(lookup)
        .onErrorResume(e -> Mono.just(Optional.empty()))
        .flatMap(state -> decide(merchantId, state));
  }

  private Mono<Ticket> decide(String merchantId, Optional<PlanState> state) {
    if (state.isEmpty()) {
      return Mono.just(Ticket.NONE);
    }
    while (true) {
      MerchantUsage usage = usages.computeIfAbsent(merchantId, MerchantUsage::new);
      CompletableFuture<Void> flushed;
      synchronized (this) {
        flushed = nextFlush;
      }
      switch (usage.admit(
          state.get(),
          clock.instant(),
          System.nanoTime(),
          props.gracePeriod(),
          props.maxUnflushed())) {
        case ADMITTED:
          return Mono.just(usage);
        case EXCEEDED:
          refused.increment();
          return Mono.error(exceeded(usage.exceeded()));
        case FLUSH_FIRST:
          requestFlush();
          return Mono.fromFuture(flushed, true).then(Mono.defer(() -> admit(merchantId)));
        case EVICTED:
          usages.remove(merchantId, usage);
          continue;
        default:
          throw new IllegalStateException();
      }
    }
  }

  private IngestException exceeded(MerchantUsage.Exceeded e) {
    Instant now = clock.instant();
    Duration untilReset = Duration.between(now, e.resetsAt());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("plan", e.plan());
    fields.put("allowance", e.allowance());
    fields.put("resets_at", e.resetsAt().toString());
    return new IngestException(
        HttpStatus.TOO_MANY_REQUESTS,
        ErrorCodes.QUOTA_EXCEEDED,
        "the "
            + e.plan()
            + " plan's "
            + e.allowance()
            + " events of this billing period are used up; it resets at "
            + e.resetsAt()
            + ", or upgrade the plan",
        List.of(),
        untilReset.isNegative() ? Duration.ofSeconds(1) : untilReset,
        fields);
  }

  private void requestFlush() {
    if (flushRequested.compareAndSet(false, true)) {
      flusher.execute(this::safeFlush);
    }
  }

  /** A scheduled task that throws is never run again: nothing may escape. */
  private void safeFlush() {
    try {
      flush();
    } catch (RuntimeException e) {
      flushFailures.increment();
      FLUSH_FAILED.warn("the usage flush failed", e);
    }
  }

  /** Adds every merchant's unflushed events to PostgreSQL in one statement. */
  void flush() {
    flushRequested.set(false);
    CompletableFuture<Void> done;
    synchronized (this) {
      done = nextFlush;
      nextFlush = new CompletableFuture<>();
    }
    try {
      Map<MerchantUsage, MerchantUsage.Taken> taken = new HashMap<>();
      Map<String, UsageRepository.Increment> rows = new LinkedHashMap<>();
      long now = System.nanoTime();
      for (MerchantUsage usage : usages.values()) {
        MerchantUsage.Taken t = usage.takeForFlush();
        if (!t.increments().isEmpty()) {
          taken.put(usage, t);
          for (UsageRepository.Increment inc : t.increments()) {
            rows.merge(
                inc.merchantId() + "|" + inc.period(),
                inc,
                (a, b) ->
                    new UsageRepository.Increment(
                        a.merchantId(), a.period(), a.events() + b.events()));
          }
        } else if (usage.evictIfIdle(now, IDLE.toNanos())) {
          usages.remove(usage.merchantId, usage);
        }
      }
      if (rows.isEmpty()) {
        return;
      }
      Map<String, Map<LocalDate, Long>> totals = new HashMap<>();
      boolean ok;
      try {
        for (UsageRepository.Increment total : repository.add(new ArrayList<>(rows.values()))) {
          totals
              .computeIfAbsent(total.merchantId(), k -> new HashMap<>())
              .put(total.period(), total.events());
        }
        ok = true;
      } catch (RuntimeException e) {
        flushFailures.increment();
        FLUSH_FAILED.warn(
            "usage counts could not be added to PostgreSQL; kept for the next flush", e);
        ok = false;
      }
      for (var entry : taken.entrySet()) {
        entry
            .getKey()
            .flushed(
                entry.getValue(), totals.getOrDefault(entry.getKey().merchantId, Map.of()), ok);
      }
    } finally {
      done.complete(null);
    }
  }

  /** At shutdown: what was accepted is counted. */
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
