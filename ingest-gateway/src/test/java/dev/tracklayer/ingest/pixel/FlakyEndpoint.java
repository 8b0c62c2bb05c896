package dev.tracklayer.ingest.pixel;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tracklayer.core.event.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A browser-events endpoint in front of the gateway (own origin, CORS like the gateway's) that
 * answers 503 (or the status given, with the Retry-After given) to the first {@code failures}
 * attempts of each event and forwards the later ones to the gateway as they came (body,
 * Content-Type, User-Agent). Records when each attempt of each event_id came.
 */
final class FlakyEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI gateway;
  private final int failures;
  private final int status;
  private final String retryAfter;
  private final Map<String, List<Long>> attempts = new ConcurrentHashMap<>();

  FlakyEndpoint(String gatewayEventsUrl, int failures) {
    this(gatewayEventsUrl, failures, 503, null);
  }

  FlakyEndpoint(String gatewayEventsUrl, int failures, int status, String retryAfter) {
    this.gateway = URI.create(gatewayEventsUrl);
    this.failures = failures;
    this.status = status;
    this.retryAfter = retryAfter;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/browser/events", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/browser/events";
  }

  int attempts(String eventId) {
    return attemptTimes(eventId).size();
  }

  /** When each attempt of the event came, in milliseconds of {@link System#nanoTime()}. */
  List<Long> attemptTimes(String eventId) {
    List<Long> times = attempts.get(eventId);
    if (times == null) {
      return List.of();
    }
    synchronized (times) {
      return List.copyOf(times);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    exchange.getResponseHeaders().set("Access-Control-Expose-Headers", "Retry-After");
    if (!"POST".equals(exchange.getRequestMethod())) {
      reply(exchange, 204, new byte[0]);
      return;
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode event = Json.readTree(body);
    List<Long> times =
        attempts.computeIfAbsent(event.path("event_id").asText(), id -> new ArrayList<>());
    int n;
    synchronized (times) {
      times.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
      n = times.size();
    }
    if (n <= failures) {
      if (retryAfter != null) {
        exchange.getResponseHeaders().set("Retry-After", retryAfter);
      }
      String code = status == 429 ? "rate_limited" : "kafka_unavailable";
      reply(
          exchange,
          status,
          ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"try again\",\"details\":[]}}")
              .getBytes(StandardCharsets.UTF_8));
      return;
    }
    HttpRequest forward =
        HttpRequest.newBuilder(gateway)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"))
            .header("User-Agent", exchange.getRequestHeaders().getFirst("User-Agent"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<byte[]> answer = http.send(forward, HttpResponse.BodyHandlers.ofByteArray());
      reply(exchange, answer.statusCode(), answer.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply(exchange, 502, new byte[0]);
    }
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
