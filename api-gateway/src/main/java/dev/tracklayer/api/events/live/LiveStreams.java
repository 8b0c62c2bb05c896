package dev.tracklayer.api.events.live;

import dev.tracklayer.api.errors.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One client's stream: the shared feed narrowed to the caller's merchant and filters, held to the
 * client's budget, with {@code sampled} reports and keepalive comments. Everything between the feed
 * and the network is bounded, and a full buffer drops its oldest record, so a slow or stalled
 * client costs only its own records. A stream ends when the token it was opened with expires (after
 * an {@code expired} event), and a merchant holds at most {@code max-streams-per-merchant} at once.
 */
@Component
class LiveStreams {
  private static final Duration SAMPLE_WINDOW = Duration.ofSeconds(1);

  private final LiveFeed feed;
  private final LiveProperties properties;
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

  LiveStreams(LiveFeed feed, LiveProperties properties) {
    this.feed = feed;
    this.properties = properties;
  }

  /**
   * The merchant's stream until {@code expiresAt} (the token's {@code exp}; null: no end), or a 429
   * when the merchant already holds as many as allowed.
   */
  Flux<ServerSentEvent<Object>> open(String merchantId, LiveFilter filter, Instant expiresAt) {
    AtomicInteger streams = open.computeIfAbsent(merchantId, k -> new AtomicInteger());
    if (streams.incrementAndGet() > properties.maxStreamsPerMerchant()) {
      streams.decrementAndGet();
      throw ApiException.rateLimited(
          "at most "
              + properties.maxStreamsPerMerchant()
              + " live streams per merchant are open at once; close one",
          Duration.ofSeconds(5));
    }
    Flux<ServerSentEvent<Object>> live = stream(merchantId, filter);
    if (expiresAt != null) {
      // The token is checked once, when the stream opens: it must not outlive the token.
      Mono<Long> expiry =
          Mono.delay(Duration.between(Instant.now(), expiresAt).plusMillis(1)).cache();
      live =
          Flux.merge(
              live.takeUntilOther(expiry),
              expiry.map(t -> event("expired", new LiveEvents.Expired(expiresAt))));
    }
    return live.doFinally(s -> streams.decrementAndGet());
  }

  private Flux<ServerSentEvent<Object>> stream(String merchantId, LiveFilter filter) {
    ClientBudget budget = new ClientBudget(properties.maxPerSecond());
    Flux<ServerSentEvent<Object>> records =
        feed.records()
            // the one place the merchant scope is applied: nothing else reaches the client
            .filter(r -> merchantId.equals(r.merchantId()) && filter.test(r))
            .filter(r -> budget.admit(System.nanoTime()))
            .onBackpressureBuffer(
                properties.bufferSize(), r -> budget.dropped(), BufferOverflowStrategy.DROP_OLDEST)
            .map(r -> event(r.kind(), r.data()));
    // Ticks a stalled client cannot take are dropped before they take the count, which waits.
    Flux<ServerSentEvent<Object>> sampled =
        Flux.interval(SAMPLE_WINDOW, SAMPLE_WINDOW)
            .onBackpressureDrop()
            .map(t -> budget.takeDropped())
            .filter(k -> k > 0)
            .map(k -> event("sampled", new LiveEvents.Sampled(k, (int) SAMPLE_WINDOW.toSeconds())));
    // The first comment says the stream is live: records written from then on are sent.
    Flux<ServerSentEvent<Object>> comments =
        feed.ready()
            .then(Mono.just(comment("connected")))
            .concatWith(
                Flux.interval(properties.keepalive())
                    .onBackpressureDrop()
                    .map(t -> comment("keepalive")));
    // records first: subscribing to the feed is what starts the consumer "ready" waits for
    return Flux.merge(
        records, comments.takeUntilOther(feed.closed()), sampled.takeUntilOther(feed.closed()));
  }

  private static ServerSentEvent<Object> event(String name, Object data) {
    return ServerSentEvent.builder(data).event(name).build();
  }

  /** Written as {@code : <text>}. */
  private static ServerSentEvent<Object> comment(String text) {
    return ServerSentEvent.<Object>builder().comment(" " + text).build();
  }
}
