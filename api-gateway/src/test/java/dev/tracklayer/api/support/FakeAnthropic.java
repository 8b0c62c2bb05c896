package dev.tracklayer.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tracklayer.core.event.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A local stand-in for Anthropic's Messages API, streaming: it answers {@code POST /v1/messages} in
 * the wire format (SSE {@code message_start}, {@code content_block_start/delta/stop} with {@code
 * text_delta} and {@code input_json_delta}, {@code message_delta} with the stop reason and usage,
 * {@code message_stop}), and refuses with Anthropic's 400/401 error bodies what the real API would:
 * a wrong {@code x-api-key}, no {@code anthropic-version}, another model, a request without
 * streaming or tools, or a request after a {@code tool_use} that does not carry a {@code
 * tool_result} for each of its ids. Each refusal is also kept in {@link #problems()}.
 */
public final class FakeAnthropic {
  public static final String API_KEY = "sk-ant-test-" + UUID.randomUUID();
  public static final String MODEL = "claude-test-model";

  /** Every response reports these per request, so a conversation's totals are predictable. */
  public static final int INPUT_TOKENS = 100;

  public static final int OUTPUT_TOKENS = 20;

  public record ToolUse(String id, String name, String inputJson) {}

  /** What one request gets back. */
  @FunctionalInterface
  public interface Reply {
    void write(Sse out) throws IOException;
  }

  /** A request answered with an HTTP error before any stream, as the API does when it refuses. */
  public record Refusal(int status, String type) implements Reply {
    @Override
    public void write(Sse out) {
      throw new UnsupportedOperationException("a refusal is not streamed");
    }
  }

  public record Request(String apiKey, String version, JsonNode body) {}

  private final HttpServer server;
  private final Deque<Reply> script = new ArrayDeque<>();
  private volatile Reply fallback = text("Nothing more to say.");
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private volatile Set<String> pendingToolUses = Set.of();
  private volatile CountDownLatch disconnected = new CountDownLatch(1);

  public FakeAnthropic() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next requests' replies, in order; after them every request gets the fallback. */
  public synchronized void script(Reply... replies) {
    script.addAll(List.of(replies));
  }

  public void fallback(Reply reply) {
    fallback = reply;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Counted down when a {@link #hang} reply finds the connection closed by the client. */
  public CountDownLatch disconnected() {
    return disconnected;
  }

  public synchronized void reset() {
    script.clear();
    fallback = text("Nothing more to say.");
    requests.clear();
    problems.clear();
    pendingToolUses = Set.of();
    disconnected = new CountDownLatch(1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      String apiKey = exchange.getRequestHeaders().getFirst("x-api-key");
      String version = exchange.getRequestHeaders().getFirst("anthropic-version");
      JsonNode body;
      try {
        body = Json.readTree(new String(raw, StandardCharsets.UTF_8));
      } catch (IOException e) {
        refuse(exchange, 400, "invalid_request_error", "body is not JSON");
        return;
      }
      requests.add(new Request(apiKey, version, body));
      if (!"POST".equals(exchange.getRequestMethod())
          || !"/v1/messages".equals(exchange.getRequestURI().getPath())) {
        refuse(exchange, 404, "not_found_error", "no such endpoint");
        return;
      }
      if (!API_KEY.equals(apiKey)) {
        refuse(exchange, 401, "authentication_error", "invalid x-api-key");
        return;
      }
      if (exchange.getRequestHeaders().containsKey("Authorization")) {
        // An API key sent as a bearer token is refused, and would be a second copy of it.
        refuse(exchange, 401, "authentication_error", "Invalid bearer token");
        return;
      }
      String problem = check(version, body);
      if (problem != null) {
        refuse(exchange, 400, "invalid_request_error", problem);
        return;
      }
      Reply reply;
      synchronized (this) {
        reply = script.isEmpty() ? fallback : script.poll();
      }
      if (reply instanceof Refusal refusal) {
        answerError(exchange, refusal.status(), refusal.type(), "refused as scripted");
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().set("request-id", "req_" + UUID.randomUUID());
      exchange.sendResponseHeaders(200, 0);
      Sse out = new Sse(exchange.getResponseBody());
      reply.write(out);
      pendingToolUses = out.toolUseIds;
    }
  }

  private String check(String version, JsonNode body) {
    if (version == null || version.isBlank()) {
      return "anthropic-version header is required";
    }
    if (!MODEL.equals(body.path("model").asText())) {
      return "model: " + body.path("model").asText() + " is not " + MODEL;
    }
    if (!body.path("stream").asBoolean(false)) {
      return "expected a streaming request";
    }
    if (body.path("max_tokens").asInt(0) < 1) {
      return "max_tokens is required";
    }
    JsonNode tools = body.path("tools");
    if (!tools.isArray() || tools.isEmpty()) {
      return "expected tools";
    }
    for (JsonNode tool : tools) {
      if (tool.path("name").asText().isEmpty()
          || !"object".equals(tool.at("/input_schema/type").asText())) {
        return "tools: each needs a name and an object input_schema";
      }
    }
    Set<String> expected = pendingToolUses;
    if (!expected.isEmpty()) {
      JsonNode messages = body.path("messages");
      JsonNode last = messages.path(messages.size() - 1);
      Set<String> answered = new HashSet<>();
      for (JsonNode block : last.path("content")) {
        if ("tool_result".equals(block.path("type").asText())) {
          answered.add(block.path("tool_use_id").asText());
        }
      }
      if (!"user".equals(last.path("role").asText()) || !answered.equals(expected)) {
        return "messages: tool_use ids " + expected + " need tool_result blocks, got " + answered;
      }
    }
    return null;
  }

  private void refuse(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    problems.add(status + " " + message);
    answerError(exchange, status, type, message);
  }

  private static void answerError(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    ObjectNode error = JsonNodeFactory.instance.objectNode().put("type", "error");
    error.putObject("error").put("type", type).put("message", message);
    byte[] bytes = error.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** The response stream of one request. */
  public static final class Sse {
    private final OutputStream out;
    private int index;
    final Set<String> toolUseIds = new HashSet<>();

    Sse(OutputStream out) {
      this.out = out;
    }

    public void event(String type, ObjectNode data) throws IOException {
      data.put("type", type);
      out.write(("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void messageStart() throws IOException {
      ObjectNode message = obj().put("id", "msg_" + UUID.randomUUID()).put("type", "message");
      message.put("role", "assistant").put("model", MODEL);
      message.putArray("content");
      message.putNull("stop_reason");
      message.putNull("stop_sequence");
      message.putObject("usage").put("input_tokens", INPUT_TOKENS).put("output_tokens", 1);
      ObjectNode data = obj();
      data.set("message", message);
      event("message_start", data);
    }

    void text(String... chunks) throws IOException {
      ObjectNode start = obj().put("index", index);
      start.putObject("content_block").put("type", "text").put("text", "");
      event("content_block_start", start);
      for (String chunk : chunks) {
        ObjectNode delta = obj().put("index", index);
        delta.putObject("delta").put("type", "text_delta").put("text", chunk);
        event("content_block_delta", delta);
      }
      event("content_block_stop", obj().put("index", index));
      index++;
    }

    void toolUse(ToolUse call) throws IOException {
      ObjectNode start = obj().put("index", index);
      ObjectNode block =
          start.putObject("content_block").put("type", "tool_use").put("id", call.id());
      block.put("name", call.name()).putObject("input");
      event("content_block_start", start);
      // The input arrives in pieces, as the real API sends it.
      String json = call.inputJson();
      int half = json.length() / 2;
      for (String part : List.of(json.substring(0, half), json.substring(half))) {
        ObjectNode delta = obj().put("index", index);
        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
        event("content_block_delta", delta);
      }
      event("content_block_stop", obj().put("index", index));
      toolUseIds.add(call.id());
      index++;
    }

    void finish(String stopReason) throws IOException {
      ObjectNode delta = obj();
      delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
      delta.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
      event("message_delta", delta);
      event("message_stop", obj());
    }

    private static ObjectNode obj() {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  /** A text answer streamed in these chunks. */
  public static Reply text(String... chunks) {
    return out -> {
      out.messageStart();
      out.text(chunks);
      out.finish("end_turn");
    };
  }

  /** Some text, then these tool calls (stop reason tool_use). */
  public static Reply toolUse(String lead, ToolUse... calls) {
    return out -> {
      out.messageStart();
      if (lead != null) {
        out.text(lead);
      }
      for (ToolUse call : calls) {
        out.toolUse(call);
      }
      out.finish("tool_use");
    };
  }

  /** Starts an answer, then fails mid-stream with an SSE {@code error} event of this type. */
  public static Reply failMidStream(String first, String errorType) {
    return out -> {
      out.messageStart();
      out.text(first);
      ObjectNode error = JsonNodeFactory.instance.objectNode();
      error.putObject("error").put("type", errorType).put("message", "Overloaded");
      out.event("error", error);
    };
  }

  /**
   * Starts an answer, then only pings (as the real API does while a model thinks) until the client
   * closes the connection, which counts down {@link #disconnected()}; gives up after 30 s.
   */
  public Reply hang(String first) {
    CountDownLatch latch = disconnected;
    return out -> {
      out.messageStart();
      ObjectNode start = JsonNodeFactory.instance.objectNode().put("index", 0);
      start.putObject("content_block").put("type", "text").put("text", "");
      out.event("content_block_start", start);
      ObjectNode delta = JsonNodeFactory.instance.objectNode().put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", first);
      out.event("content_block_delta", delta);
      long until = System.nanoTime() + 30_000_000_000L;
      try {
        while (System.nanoTime() < until) {
          Thread.sleep(50);
          out.event("ping", JsonNodeFactory.instance.objectNode());
        }
      } catch (IOException closed) {
        latch.countDown();
        throw closed;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** The tool_result blocks of a request's last message, by tool_use id. */
  public static List<JsonNode> toolResults(Request request) {
    JsonNode messages = request.body().path("messages");
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode block : messages.path(messages.size() - 1).path("content")) {
      if ("tool_result".equals(block.path("type").asText())) {
        out.add(block);
      }
    }
    return out;
  }

  /** The text of a tool_result block, whether sent as a string or as text blocks. */
  public static String content(JsonNode toolResult) {
    JsonNode c = toolResult.path("content");
    if (c.isTextual()) {
      return c.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode block : (ArrayNode) c) {
      sb.append(block.path("text").asText());
    }
    return sb.toString();
  }
}
