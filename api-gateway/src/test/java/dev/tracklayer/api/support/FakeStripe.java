package dev.tracklayer.api.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for Stripe's API, strict where Stripe is: a form-encoded body, {@code
 * Authorization: Bearer sk_…} with the account's key, the parameters each endpoint requires. It
 * answers Stripe-shaped JSON (objects, or {@code {"error":{type,message,param}}}) and records what
 * it was sent.
 */
public final class FakeStripe {
  public static final String SECRET_KEY =
      "sk_test_" + UUID.randomUUID().toString().replace("-", "");

  /** One request: its path and its decoded form parameters ({@code line_items[0][price]} keys). */
  public record Request(
      String method, String path, String authorization, Map<String, String> form) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int failWith = 0;

  public FakeStripe() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public void reset() {
    requests.clear();
    failWith = 0;
  }

  /** The next requests get this HTTP status and a Stripe error body (0: answer normally). */
  public void failWith(int status) {
    failWith = status;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    Map<String, String> form = decode(body);
    String path = exchange.getRequestURI().getPath();
    requests.add(new Request(exchange.getRequestMethod(), path, authorization, form));
    if (!("Bearer " + SECRET_KEY).equals(authorization)) {
      error(exchange, 401, "invalid_request_error", "Invalid API Key provided", null);
      return;
    }
    if (!"POST".equals(exchange.getRequestMethod())
        || contentType == null
        || !contentType.startsWith("application/x-www-form-urlencoded")) {
      error(exchange, 400, "invalid_request_error", "Expected a form-encoded POST", null);
      return;
    }
    if (failWith != 0) {
      error(exchange, failWith, "invalid_request_error", "No such price: 'price_x'", "line_items");
      return;
    }
    switch (path) {
      case "/v1/checkout/sessions" -> {
        for (String required : List.of("mode", "success_url", "line_items[0][price]")) {
          if (!form.containsKey(required)) {
            error(
                exchange,
                400,
                "invalid_request_error",
                "Missing required param: " + required,
                required);
            return;
          }
        }
        if (form.containsKey("customer") && form.containsKey("customer_email")) {
          error(
              exchange,
              400,
              "invalid_request_error",
              "You may only specify one of these parameters: customer, customer_email.",
              "customer");
          return;
        }
        String id = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        ok(
            exchange,
            "{\"id\":\""
                + id
                + "\",\"object\":\"checkout.session\",\"mode\":\""
                + form.get("mode")
                + "\",\"client_reference_id\":\""
                + form.getOrDefault("client_reference_id", "")
                + "\",\"status\":\"open\",\"url\":\"https://checkout.stripe.com/c/pay/"
                + id
                + "\"}");
      }
      case "/v1/billing_portal/sessions" -> {
        if (!form.containsKey("customer")) {
          error(
              exchange,
              400,
              "invalid_request_error",
              "Missing required param: customer",
              "customer");
          return;
        }
        String id = "bps_" + UUID.randomUUID().toString().replace("-", "");
        ok(
            exchange,
            "{\"id\":\""
                + id
                + "\",\"object\":\"billing_portal.session\",\"customer\":\""
                + form.get("customer")
                + "\",\"url\":\"https://billing.stripe.com/p/session/"
                + id
                + "\"}");
      }
      default -> error(exchange, 404, "invalid_request_error", "Unrecognized request URL", null);
    }
  }

  private static Map<String, String> decode(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(name, value);
    }
    return form;
  }

  private static void ok(HttpExchange exchange, String json) throws IOException {
    send(exchange, 200, json);
  }

  private static void error(
      HttpExchange exchange, int status, String type, String message, String param)
      throws IOException {
    send(
        exchange,
        status,
        "{\"error\":{\"type\":\""
            + type
            + "\",\"message\":\""
            + message.replace("\"", "'")
            + "\""
            + (param == null ? "" : ",\"param\":\"" + param + "\"")
            + "}}");
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange
        .getResponseHeaders()
        .set("Request-Id", "req_" + UUID.randomUUID().toString().substring(0, 8));
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
