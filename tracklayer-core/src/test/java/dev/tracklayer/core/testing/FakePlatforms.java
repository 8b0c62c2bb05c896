package dev.tracklayer.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tracklayer.core.destinations.Endpoints;
import dev.tracklayer.core.event.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every destination platform on one local HTTP server, for tests: point all {@code
 * TRACKLAYER_DESTINATION_*_BASE_URL} at {@link #baseUrl()} (or use {@link #endpoints()}) and the
 * adapters' requests land here. Each platform's path is checked the way the real API checks it —
 * auth, path, body shape, time windows, hash formats — and answered with that platform's success or
 * error body (see {@link FakePlatformsRules}). Accepted events are recorded per platform.
 *
 * <p>Faults per platform: {@link #failNext} (the next n requests get a given status), {@link
 * #delay} (slow answers), {@link #down} (503 until {@link #up}), {@link #drop} (connections closed
 * without an answer). Thread-safe; several handler threads.
 *
 * <p>Platform keys are the adapters' ({@code meta}, …, {@code webhook}) plus {@code google_oauth}
 * for Google's token endpoint.
 */
public final class FakePlatforms implements AutoCloseable {

  /** An event a platform accepted: the platform's own JSON for it and the id used for dedup. */
  public record Received(String platform, String eventId, JsonNode event) {}

  /** One request as the fake saw it, accepted or not. */
  public record Request(
      String platform,
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      String body) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      try {
        return body == null || body.isBlank() ? null : Json.readTree(body);
      } catch (Exception e) {
        return null;
      }
    }
  }

  /** What a rule decided: the answer and the events it accepted. */
  record Answer(int status, String body, Map<String, String> headers, List<Received> accepted) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of(), List.of());
    }

    static Answer accepted(int status, String body, List<Received> accepted) {
      return new Answer(status, body, Map.of(), accepted);
    }
  }

  private enum Mode {
    UP,
    DOWN,
    DROP
  }

  private static final class State {
    // Appended per request: a copy-on-write list would copy everything received so far each time.
    final Queue<Received> received = new ConcurrentLinkedQueue<>();
    final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    final AtomicLong receivedCount = new AtomicLong();
    final AtomicInteger requestCount = new AtomicInteger();
    final AtomicInteger failRemaining = new AtomicInteger();
    volatile int failStatus;
    volatile String failBody;
    volatile Duration failRetryAfter;
    volatile Duration delay = Duration.ZERO;
    volatile Mode mode = Mode.UP;
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger mostOpen = new AtomicInteger();
  }

  public static final List<String> PLATFORMS =
      List.of(
          "meta",
          "tiktok",
          "ga4",
          "google_ads",
          "google_oauth",
          "snapchat",
          "pinterest",
          "reddit",
          "linkedin",
          "x",
          "microsoft",
          "klaviyo",
          "webhook");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final FakePlatformsRules rules = new FakePlatformsRules();
  private volatile boolean countOnly;

  private FakePlatforms(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    for (String p : PLATFORMS) {
      states.put(p, new State());
    }
  }

  /** Starts on a free loopback port. */
  public static FakePlatforms start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
      AtomicInteger n = new AtomicInteger();
      ExecutorService executor =
          Executors.newFixedThreadPool(
              8,
              r -> {
                Thread t = new Thread(r, "fake-platforms-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      FakePlatforms fake = new FakePlatforms(server, executor);
      server.createContext("/", fake::handle);
      server.setExecutor(executor);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every platform, and Google's OAuth endpoint, pointed at this server. */
  public Endpoints endpoints() {
    return Endpoints.allAt(baseUrl());
  }

  /** The {@code TRACKLAYER_DESTINATION_*_BASE_URL} variables that point a service here. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String key : Endpoints.DEFAULTS.keySet()) {
      env.put(Endpoints.envVar(key), baseUrl());
    }
    return env;
  }

  /** A webhook URL served here; requests to it are verified with {@link #webhookSecret}. */
  public String webhookUrl() {
    return baseUrl() + "/webhook/hook";
  }

  /** The secret webhook signatures are checked with (default {@code whsec_test}). */
  public FakePlatforms webhookSecret(String secret) {
    rules.webhookSecret = secret;
    return this;
  }

  /** When set, X requests must carry a valid OAuth 1.0a signature made with these secrets. */
  public FakePlatforms xSecrets(String consumerSecret, String tokenSecret) {
    rules.xConsumerSecret = consumerSecret;
    rules.xTokenSecret = tokenSecret;
    return this;
  }

  /** Forget every Google access token issued so far, as if they had all expired. */
  /**
   * Reddit's validation refuses this event with {@code message}; as Reddit does, the whole request
   * that carries it is refused and none of its events are processed.
   */
  public FakePlatforms refuseRedditEvent(String eventId, String message) {
    rules.redditRefused.put(eventId, message);
    return this;
  }

  public FakePlatforms expireGoogleTokens() {
    rules.expireGoogleTokens();
    return this;
  }

  /** Accepted events of {@code platform}, in arrival order. */
  public List<Received> received(String platform) {
    return List.copyOf(state(platform).received);
  }

  public List<String> receivedIds(String platform) {
    List<String> ids = new ArrayList<>();
    for (Received r : state(platform).received) {
      ids.add(r.eventId());
    }
    return ids;
  }

  /** Every request that reached {@code platform}, accepted, rejected or faulted. */
  public List<Request> requests(String platform) {
    return List.copyOf(state(platform).requests);
  }

  public int requestCount(String platform) {
    return state(platform).requestCount.get();
  }

  /** Events accepted by {@code platform} so far, also in {@link #countOnly()} mode. */
  public long receivedCount(String platform) {
    return state(platform).receivedCount.get();
  }

  /**
   * Keeps counts only, not the requests and events themselves: for benchmarks that send millions of
   * events through a test JVM's heap.
   */
  public FakePlatforms countOnly() {
    countOnly = true;
    return this;
  }

  /** The next {@code n} requests get {@code status} and {@code body} (and Retry-After seconds). */
  public FakePlatforms failNext(
      String platform, int n, int status, String body, Duration retryAfter) {
    State s = state(platform);
    s.failStatus = status;
    s.failBody = body == null ? "" : body;
    s.failRetryAfter = retryAfter;
    s.failRemaining.set(n);
    return this;
  }

  /** Every answer of {@code platform} comes this much later. */
  public FakePlatforms delay(String platform, Duration delay) {
    state(platform).delay = delay == null ? Duration.ZERO : delay;
    return this;
  }

  /**
   * The most requests of {@code platform} open at once since the last call, counted while a {@link
   * #delay} holds them (at most the server's eight threads): shows whether a sender waits for each
   * answer before its next request.
   */
  public int mostOpenAtOnce(String platform) {
    return state(platform).mostOpen.getAndSet(0);
  }

  /** 503 for every request until {@link #up}. */
  public FakePlatforms down(String platform) {
    state(platform).mode = Mode.DOWN;
    return this;
  }

  /** Connections closed without an answer until {@link #up}. */
  public FakePlatforms drop(String platform) {
    state(platform).mode = Mode.DROP;
    return this;
  }

  public FakePlatforms up(String platform) {
    state(platform).mode = Mode.UP;
    return this;
  }

  /** Forgets recorded events and requests and clears every fault and setting. */
  public void reset() {
    for (String p : PLATFORMS) {
      states.put(p, new State());
    }
    rules.reset();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private State state(String platform) {
    State s = states.get(platform);
    if (s == null) {
      throw new IllegalArgumentException("unknown platform " + platform);
    }
    return s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = read(exchange);
      if (request.platform() == null) {
        respond(
            exchange, Answer.of(404, "{\"error\":\"no fake platform at " + request.path() + "\"}"));
        return;
      }
      State s = state(request.platform());
      s.requestCount.incrementAndGet();
      if (!countOnly) {
        s.requests.add(request);
      }
      if (!s.delay.isZero()) {
        s.mostOpen.accumulateAndGet(s.open.incrementAndGet(), Math::max);
        try {
          Thread.sleep(s.delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          s.open.decrementAndGet();
        }
      }
      if (s.mode == Mode.DROP) {
        // Closing without response headers makes the server drop the connection.
        return;
      }
      if (s.mode == Mode.DOWN) {
        respond(exchange, Answer.of(503, "{\"error\":\"service unavailable\"}"));
        return;
      }
      if (s.failRemaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (s.failRetryAfter != null) {
          headers.put("Retry-After", Long.toString(s.failRetryAfter.toSeconds()));
        }
        respond(exchange, new Answer(s.failStatus, s.failBody, headers, List.of()));
        return;
      }
      Answer answer;
      try {
        answer = rules.answer(request);
      } catch (RuntimeException e) {
        answer = Answer.of(500, "{\"error\":\"fake platform bug: " + e + "\"}");
      }
      s.receivedCount.addAndGet(answer.accepted().size());
      if (!countOnly) {
        s.received.addAll(answer.accepted());
      }
      respond(exchange, answer);
    }
  }

  private static Request read(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(k, v);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
    return new Request(
        FakePlatformsRules.platformOf(path),
        exchange.getRequestMethod(),
        path,
        query,
        headers,
        body);
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    byte[] bytes =
        answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0 && answer.body().startsWith("{")) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    boolean empty = bytes.length == 0 || answer.status() == 204;
    exchange.sendResponseHeaders(answer.status(), empty ? -1 : bytes.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
