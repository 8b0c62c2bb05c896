package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.crypto.CredentialCipher;
import dev.tracklayer.core.destinations.Credentials;
import dev.tracklayer.core.destinations.DeliveryContext;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.core.destinations.Endpoints;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.OutcomeKind;
import dev.tracklayer.core.destinations.WebhookTargets;
import dev.tracklayer.core.destinations.http.DeliveryHttpClient;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.PipelineSettings;
import dev.tracklayer.flink.pipeline.records.Attempted;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Sends a batch to one platform through its adapter and turns the answers into delivery states:
 * DELIVERED, FAILED (the platform refused it for good, with its message), RETRY while attempts
 * remain (exponential backoff with jitter, honouring Retry-After), ERROR when they run out, SKIPPED
 * for events the platform cannot take. A batch refused as a whole for some of its events (SPLIT)
 * goes again at once in halves, so one bad event does not fail the others. Non-blocking: retries
 * wait on a timer, not a thread. Deliveries are at-least-once across recovery; every request
 * carries the event_id, which the platforms deduplicate on.
 *
 * <p>Two stages per platform, because an async function answers once per input: the {@link
 * Stage#FIRST} attempt gives its states at once, and the events to try again as a retry batch for
 * the {@link Stage#RETRIES} operator downstream. So a RETRY is recorded when it happens, and the
 * dashboard shows "retrying" while it lasts rather than together with the final state.
 */
public class DeliverBatchFunction extends RichAsyncFunction<DeliveryBatch, Attempted> {
  /** Which attempts an operator makes. */
  public enum Stage {
    /** The first attempt only; what must go again leaves as a retry batch. */
    FIRST,
    /** A retry batch's attempts, until delivered, refused, or out of attempts or time. */
    RETRIES
  }

  private final String platform;
  private final Stage stage;
  private final PipelineSettings.Delivery retry;
  private final String credentialsKey;
  private final Endpoints endpoints;

  private transient DestinationAdapter adapter;
  private transient DeliveryHttpClient http;
  private transient CredentialCipher cipher;
  private transient Map<String, Credentials> decrypted;
  private static final int MAX_DECRYPTED = 10_000;

  /** Webhook host lookups, off the task thread; few at a time, as the resolver is slow anyway. */
  private static final Executor LOOKUPS =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "tracklayer-webhook-lookup");
            t.setDaemon(true);
            return t;
          });

  public DeliverBatchFunction(String platform, PipelineSettings settings, Stage stage) {
    this.platform = platform;
    this.stage = stage;
    this.retry = settings.delivery();
    this.credentialsKey = settings.credentialsKey();
    this.endpoints = settings.endpoints();
  }

  @Override
  public void open(OpenContext openContext) {
    adapter =
        DestinationAdapters.forPlatform(platform)
            .orElseThrow(() -> new IllegalStateException("no adapter for " + platform));
    http = DeliveryHttpClient.shared();
    cipher = credentialsKey.isBlank() ? null : new CredentialCipher(credentialsKey);
    decrypted = new HashMap<>();
  }

  /** Runs on the task thread: the credentials cache is not shared with the HTTP threads. */
  @Override
  public void asyncInvoke(DeliveryBatch batch, ResultFuture<Attempted> resultFuture) {
    Instant now = Instant.now();
    List<Attempted> out = new ArrayList<>();
    List<TrackEvent> eligible = new ArrayList<>();
    for (TrackEvent event : batch.events) {
      Optional<String> skip = adapter.skipReason(event, batch.connection.settings, now);
      if (skip.isPresent()) {
        out.add(result(event, batch.connection, DeliveryStatus.SKIPPED, 0, 0, skip.get()));
      } else {
        eligible.add(event);
      }
    }
    if (eligible.isEmpty()) {
      resultFuture.complete(out);
      return;
    }
    Credentials credentials;
    try {
      // The merchant id is the ciphertext's associated data: a batch is one merchant's.
      credentials = credentials(batch.connection, batch.events.get(0).merchantId);
    } catch (RuntimeException e) {
      for (TrackEvent event : eligible) {
        out.add(result(event, batch.connection, DeliveryStatus.ERROR, 0, 0, e.getMessage()));
      }
      resultFuture.complete(out);
      return;
    }
    long deadline =
        batch.deadline > 0
            ? batch.deadline
            : System.currentTimeMillis() + retry.retryWindow().toMillis();
    Runnable send =
        () ->
            targetChecked(credentials)
                .thenCompose(
                    refused -> {
                      if (refused != null) {
                        for (TrackEvent event : eligible) {
                          out.add(
                              result(
                                  event, batch.connection, DeliveryStatus.FAILED, 0, 0, refused));
                        }
                        return CompletableFuture.completedFuture(null);
                      }
                      return attempt(
                          batch.attempt, eligible, batch.connection, credentials, deadline, out);
                    })
                .whenComplete(
                    (ok, error) -> {
                      if (error != null) {
                        for (TrackEvent event : eligible) {
                          if (out.stream().noneMatch(a -> settles(a, event.eventId))) {
                            out.add(
                                result(
                                    event,
                                    batch.connection,
                                    DeliveryStatus.ERROR,
                                    0,
                                    0,
                                    error.toString()));
                          }
                        }
                      }
                      resultFuture.complete(out);
                    });
    long wait = batch.notBefore - System.currentTimeMillis();
    if (wait <= 0) {
      send.run();
    } else {
      // A retry's backoff, on a timer: the operator's capacity bounds how many wait at once.
      CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS).execute(send);
    }
  }

  /** Whether the item is the event's final state or hands it on to the retry stage. */
  private static boolean settles(Attempted a, String eventId) {
    if (a.result != null) {
      return a.result.isFinal() && a.result.eventId.equals(eventId);
    }
    return a.retry.events.stream().anyMatch(e -> e.eventId.equals(eventId));
  }

  private CompletableFuture<Void> attempt(
      int attempt,
      List<TrackEvent> events,
      ConnectionConfig connection,
      Credentials credentials,
      long deadline,
      List<Attempted> results) {
    return http.deliver(
            adapter,
            connection.id,
            events,
            credentials,
            connection.settings,
            DeliveryContext.of(endpoints, Instant.now()))
        .exceptionally(failure -> repeat(adapter.classifyFailure(failure), events.size()))
        .thenCompose(
            outcomes -> {
              List<TrackEvent> again = new ArrayList<>();
              List<TrackEvent> split = new ArrayList<>();
              Duration wait = Duration.ZERO;
              for (int i = 0; i < events.size(); i++) {
                TrackEvent event = events.get(i);
                Outcome o = outcomes.get(Math.min(i, outcomes.size() - 1));
                if (o.kind() == OutcomeKind.SPLIT && events.size() > 1) {
                  split.add(event);
                } else if (o.kind() == OutcomeKind.DELIVERED) {
                  results.add(
                      result(
                          event,
                          connection,
                          DeliveryStatus.DELIVERED,
                          attempt,
                          o.httpStatus(),
                          null));
                } else if (o.kind() == OutcomeKind.FAILED) {
                  results.add(
                      result(
                          event,
                          connection,
                          DeliveryStatus.FAILED,
                          attempt,
                          o.httpStatus(),
                          o.message()));
                } else {
                  Duration backoff = backoff(attempt, o.retryAfter());
                  boolean inTime = System.currentTimeMillis() + backoff.toMillis() < deadline;
                  if (attempt < retry.maxAttempts() && inTime) {
                    results.add(
                        result(
                            event,
                            connection,
                            DeliveryStatus.RETRY,
                            attempt,
                            o.httpStatus(),
                            o.message()));
                    again.add(event);
                    wait = backoff.compareTo(wait) > 0 ? backoff : wait;
                  } else {
                    results.add(
                        result(
                            event,
                            connection,
                            DeliveryStatus.ERROR,
                            attempt,
                            o.httpStatus(),
                            "retries exhausted: " + o.message()));
                  }
                }
              }
              // One request at a time: the halves and the retry add to the same result list.
              CompletableFuture<Void> next = CompletableFuture.completedFuture(null);
              if (!split.isEmpty()) {
                // Not the events' fault alone, so the same attempt: halves until the bad ones are
                // alone (a lone event's refusal is its own FAILED).
                List<TrackEvent> first = split.subList(0, split.size() / 2);
                List<TrackEvent> second = split.subList(split.size() / 2, split.size());
                next =
                    next.thenCompose(
                            x ->
                                attempt(attempt, first, connection, credentials, deadline, results))
                        .thenCompose(
                            x ->
                                attempt(
                                    attempt, second, connection, credentials, deadline, results));
              }
              if (again.isEmpty()) {
                return next;
              }
              Duration backoff = wait;
              if (stage == Stage.FIRST) {
                results.add(
                    Attempted.retry(
                        DeliveryBatch.retry(
                            connection,
                            again,
                            attempt + 1,
                            System.currentTimeMillis() + backoff.toMillis(),
                            deadline)));
                return next;
              }
              return next.thenCompose(
                  x ->
                      CompletableFuture.supplyAsync(
                              () -> null,
                              CompletableFuture.delayedExecutor(
                                  backoff.toMillis(), TimeUnit.MILLISECONDS))
                          .thenCompose(
                              y ->
                                  attempt(
                                      attempt + 1,
                                      again,
                                      connection,
                                      credentials,
                                      deadline,
                                      results)));
            });
  }

  /**
   * A webhook's host is resolved again before each batch (the API checked it when the connection
   * was made, but a name can point elsewhere later): an internal address refuses the batch, unless
   * the operator allows private targets. The lookup blocks, so it runs off the task thread.
   * Completes with the refusal's text, or null to send.
   */
  private CompletableFuture<String> targetChecked(Credentials credentials) {
    if (!platform.equals("webhook") || retry.allowPrivateWebhookTargets()) {
      return CompletableFuture.completedFuture(null);
    }
    String url = credentials.get("url").orElse("");
    return CompletableFuture.supplyAsync(
        () ->
            switch (WebhookTargets.check(url)) {
              case PUBLIC -> null;
              case INTERNAL ->
                  "webhook URL resolves to an internal address; refused"
                      + " (TRACKLAYER_WEBHOOKS_ALLOW_PRIVATE_TARGETS allows it)";
              case UNRESOLVED -> "webhook URL host does not resolve";
            },
        LOOKUPS);
  }

  /** Exponential backoff with full jitter; a platform's Retry-After is a floor. */
  Duration backoff(int attempt, Duration retryAfter) {
    long cap =
        Math.min(
            retry.maxBackoff().toMillis(),
            retry.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
    long jittered = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    long floor = retryAfter == null ? 0 : retryAfter.toMillis();
    return Duration.ofMillis(Math.max(jittered, floor));
  }

  private Credentials credentials(ConnectionConfig connection, String merchantId) {
    if (cipher == null) {
      throw new IllegalStateException("TRACKLAYER_CREDENTIALS_KEY is not set");
    }
    // Decrypted once per ciphertext, not per batch (AES-GCM and JSON were ~4 % of the delivering
    // thread); a rotated credential is a new ciphertext. Bounded: cleared when it grows large.
    String key = merchantId + '\u0000' + connection.credentials;
    Credentials known = decrypted.get(key);
    if (known == null) {
      known = Credentials.fromJson(cipher.decryptBase64(connection.credentials, merchantId));
      if (decrypted.size() >= MAX_DECRYPTED) {
        decrypted.clear();
      }
      decrypted.put(key, known);
    }
    return known;
  }

  private static List<Outcome> repeat(Outcome outcome, int n) {
    List<Outcome> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(outcome);
    }
    return list;
  }

  private Attempted result(
      TrackEvent event,
      ConnectionConfig connection,
      DeliveryStatus status,
      int attempts,
      int httpStatus,
      String error) {
    return Attempted.result(
        DeliveryResult.of(
            event, platform, connection.id, status, attempts, httpStatus, error, Instant.now()));
  }

  @Override
  public void timeout(DeliveryBatch batch, ResultFuture<Attempted> resultFuture) {
    List<Attempted> results = new ArrayList<>();
    for (TrackEvent event : batch.events) {
      results.add(
          result(event, batch.connection, DeliveryStatus.ERROR, 0, 0, "delivery timed out"));
    }
    resultFuture.complete(results);
  }
}
