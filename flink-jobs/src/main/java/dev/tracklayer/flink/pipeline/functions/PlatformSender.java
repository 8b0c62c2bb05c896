package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.crypto.CredentialCipher;
import dev.tracklayer.core.destinations.Credentials;
import dev.tracklayer.core.destinations.DeliveryContext;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.Endpoints;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.OutcomeKind;
import dev.tracklayer.core.destinations.WebhookTargets;
import dev.tracklayer.core.destinations.http.DeliveryHttpClient;
import dev.tracklayer.core.event.TrackEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * One request's worth of delivery to one platform: the adapter builds it, {@link
 * DeliveryHttpClient} sends it (non-blocking), the adapter classifies the answer, and the result is
 * one final outcome per event: DELIVERED, FAILED or RETRY. A batch refused as a whole for some of
 * its events (SPLIT) goes again at once in halves, until each bad event is alone and FAILED, so one
 * bad event does not fail the others. Retrying is the caller's business ({@link DeliverOperator}).
 *
 * <p>Not thread-safe: {@link #send} runs on the task thread (the credentials cache is not shared
 * with the HTTP threads); the future completes on an HTTP thread.
 */
final class PlatformSender {
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

  private final DestinationAdapter adapter;
  private final DeliveryHttpClient http;
  private final CredentialCipher cipher;
  private final Endpoints endpoints;
  private final boolean allowPrivateWebhookTargets;
  private final Map<String, Credentials> decrypted = new HashMap<>();

  PlatformSender(
      DestinationAdapter adapter,
      String credentialsKey,
      Endpoints endpoints,
      boolean allowPrivateWebhookTargets) {
    this.adapter = adapter;
    this.http = DeliveryHttpClient.shared();
    this.cipher = credentialsKey.isBlank() ? null : new CredentialCipher(credentialsKey);
    this.endpoints = endpoints;
    this.allowPrivateWebhookTargets = allowPrivateWebhookTargets;
  }

  /**
   * Sends {@code events} (eligible, at most the adapter's batch size) of one merchant's connection.
   *
   * @throws IllegalStateException when the credentials cannot be read (no key, or not ours): no
   *     retry fixes that
   */
  CompletableFuture<List<Outcome>> send(
      ConnectionConfig connection, String merchantId, List<TrackEvent> events) {
    Credentials credentials = credentials(connection, merchantId);
    return targetChecked(credentials)
        .thenCompose(
            refused ->
                refused != null
                    ? CompletableFuture.completedFuture(
                        repeat(Outcome.failed(0, refused), events.size()))
                    : attempt(events, connection, credentials));
  }

  private CompletableFuture<List<Outcome>> attempt(
      List<TrackEvent> events, ConnectionConfig connection, Credentials credentials) {
    int n = events.size();
    return http.deliver(
            adapter,
            connection.id,
            events,
            credentials,
            connection.settings,
            DeliveryContext.of(endpoints, Instant.now()))
        .exceptionally(failure -> repeat(adapter.classifyFailure(failure), n))
        .thenCompose(
            outcomes -> {
              List<Outcome> out = new ArrayList<>(n);
              List<Integer> split = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                Outcome o = outcomes.get(Math.min(i, outcomes.size() - 1));
                if (o.kind() == OutcomeKind.SPLIT) {
                  if (n > 1) {
                    split.add(i);
                  } else {
                    // Alone, the event's refusal is its own.
                    o = Outcome.failed(o.httpStatus(), o.message());
                  }
                }
                out.add(o);
              }
              if (split.isEmpty()) {
                return CompletableFuture.completedFuture(out);
              }
              // Not the events' fault alone: halves at once, one request at a time.
              List<TrackEvent> first = new ArrayList<>();
              List<TrackEvent> second = new ArrayList<>();
              for (int j = 0; j < split.size(); j++) {
                (j < split.size() / 2 ? first : second).add(events.get(split.get(j)));
              }
              return attempt(first, connection, credentials)
                  .thenCompose(
                      a ->
                          attempt(second, connection, credentials)
                              .thenApply(
                                  b -> {
                                    for (int j = 0; j < split.size(); j++) {
                                      int half = split.size() / 2;
                                      out.set(split.get(j), j < half ? a.get(j) : b.get(j - half));
                                    }
                                    return out;
                                  }));
            });
  }

  /**
   * A webhook's host is resolved again before each batch (the API checked it when the connection
   * was made, but a name can point elsewhere later): an internal address refuses the batch, unless
   * the operator allows private targets. The lookup blocks, so it runs off the task thread.
   * Completes with the refusal's text, or null to send.
   */
  private CompletableFuture<String> targetChecked(Credentials credentials) {
    if (!adapter.platform().equals("webhook") || allowPrivateWebhookTargets) {
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

  private Credentials credentials(ConnectionConfig connection, String merchantId) {
    if (cipher == null) {
      throw new IllegalStateException("TRACKLAYER_CREDENTIALS_KEY is not set");
    }
    // Decrypted once per ciphertext, not per batch (AES-GCM and JSON were ~4 % of the delivering
    // thread); a rotated credential is a new ciphertext. Bounded: cleared when it grows large. The
    // merchant id is the ciphertext's associated data.
    String key = merchantId + '\u0000' + connection.credentials;
    Credentials known = decrypted.get(key);
    if (known == null) {
      try {
        known = Credentials.fromJson(cipher.decryptBase64(connection.credentials, merchantId));
      } catch (RuntimeException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
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
}
