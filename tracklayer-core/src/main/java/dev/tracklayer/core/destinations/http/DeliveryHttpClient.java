package dev.tracklayer.core.destinations.http;

import dev.tracklayer.core.destinations.Credentials;
import dev.tracklayer.core.destinations.DeliveryContext;
import dev.tracklayer.core.destinations.DeliveryRequest;
import dev.tracklayer.core.destinations.DeliveryResponse;
import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.TokenException;
import dev.tracklayer.core.event.TrackEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place destination requests leave the process: non-blocking HTTP/1.1 on the JDK client,
 * one client (and connection pool) shared by every platform, plus the OAuth {@link TokenCache}.
 * Used by the pipeline's async delivery function and by the API's "test this platform" endpoint.
 *
 * <p>Redirects are not followed: a signed webhook body or a bearer token must not travel to a host
 * the connection did not name.
 */
public final class DeliveryHttpClient implements AutoCloseable {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  static final String USER_AGENT = "TrackLayer/0.1 (+https://github.com/tracklayer/tracklayer)";

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private static volatile DeliveryHttpClient shared;

  private final HttpClient client;
  private final ExecutorService executor;
  private final TokenCache tokens;

  public DeliveryHttpClient() {
    this(DEFAULT_CONNECT_TIMEOUT, new TokenCache());
  }

  public DeliveryHttpClient(Duration connectTimeout, TokenCache tokens) {
    this.executor = Executors.newCachedThreadPool(daemonThreads());
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    this.tokens = tokens;
  }

  /** The process-wide client: one connection pool for all connections and platforms. */
  public static DeliveryHttpClient shared() {
    DeliveryHttpClient c = shared;
    if (c == null) {
      synchronized (DeliveryHttpClient.class) {
        c = shared;
        if (c == null) {
          c = new DeliveryHttpClient();
          shared = c;
        }
      }
    }
    return c;
  }

  public TokenCache tokens() {
    return tokens;
  }

  /**
   * Sends the request. The future completes with whatever status the platform answered, and
   * exceptionally only when no answer came (timeout, connection refused or reset, invalid URL).
   */
  public CompletableFuture<DeliveryResponse> send(DeliveryRequest request, Duration timeout) {
    HttpRequest httpRequest;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(request.url())).timeout(timeout);
      boolean userAgent = false;
      for (Map.Entry<String, String> h : request.headers().entrySet()) {
        String name = h.getKey().toLowerCase(Locale.ROOT);
        if (RESTRICTED.contains(name)) {
          continue;
        }
        userAgent |= name.equals("user-agent");
        b.header(h.getKey(), h.getValue());
      }
      if (!userAgent) {
        // Reddit throttles default client user agents.
        b.header("User-Agent", USER_AGENT);
      }
      b.method(
          request.method(),
          request.body() == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
      httpRequest = b.build();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client
        .sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        // The request timeout covers the response headers; this also bounds a stalled body.
        .orTimeout(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(r -> new DeliveryResponse(r.statusCode(), headers(r.headers()), r.body()));
  }

  /**
   * Token (when the platform needs one), build, send, classify: one outcome per event, in order.
   * Callers have already removed the events {@link DestinationAdapter#skipReason} skips.
   *
   * <p>Never fails for platform trouble: no answer is the adapter's {@code classifyFailure}
   * (RETRY), a refused token exchange is the token's outcome, a connection missing a credential or
   * with an unusable one is FAILED for every event. A bug (any other exception from the adapter)
   * completes the future exceptionally; the pipeline records that as ERROR.
   */
  public CompletableFuture<List<Outcome>> deliver(
      DestinationAdapter adapter,
      String connectionId,
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    int n = events.size();
    if (n == 0) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (n > adapter.maxBatchSize()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              adapter.platform()
                  + " takes at most "
                  + adapter.maxBatchSize()
                  + " events, got "
                  + n));
    }
    CompletableFuture<String> token;
    try {
      token =
          tokens.token(connectionId, adapter, credentials, ctx, r -> send(r, adapter.timeout()));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(all(Outcome.failed(0, e.getMessage()), n));
    }
    return token
        .handle(
            (accessToken, error) -> {
              if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof TokenException te) {
                  return CompletableFuture.completedFuture(all(te.outcome(), n));
                }
                return CompletableFuture.completedFuture(all(adapter.classifyFailure(cause), n));
              }
              DeliveryContext c = accessToken == null ? ctx : ctx.withAccessToken(accessToken);
              DeliveryRequest request;
              try {
                request = adapter.build(events, credentials, settings, c);
              } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(all(Outcome.failed(0, e.getMessage()), n));
              }
              return send(request, adapter.timeout())
                  .handle(
                      (response, failure) -> {
                        if (failure != null) {
                          return all(adapter.classifyFailure(unwrap(failure)), n);
                        }
                        if (response.status() == 401 && accessToken != null) {
                          tokens.invalidate(connectionId);
                        }
                        return adapter.classify(response, n);
                      });
            })
        .thenCompose(f -> f);
  }

  /** Stops the client's threads; only for clients created with {@code new}, not {@link #shared}. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static List<Outcome> all(Outcome o, int n) {
    return Collections.nCopies(n, o);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  private static Map<String, String> headers(HttpHeaders headers) {
    Map<String, String> out = new LinkedHashMap<>();
    headers
        .map()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(":")) {
                out.put(k.toLowerCase(Locale.ROOT), String.join(", ", v));
              }
            });
    return out;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "tracklayer-delivery-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
