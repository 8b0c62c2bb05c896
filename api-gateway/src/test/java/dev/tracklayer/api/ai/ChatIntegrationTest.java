package dev.tracklayer.api.ai;

import static dev.tracklayer.api.support.FakeAnthropic.content;
import static dev.tracklayer.api.support.FakeAnthropic.text;
import static dev.tracklayer.api.support.FakeAnthropic.toolResults;
import static dev.tracklayer.api.support.FakeAnthropic.toolUse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.ClickHouseSeed;
import dev.tracklayer.api.support.FakeAnthropic;
import dev.tracklayer.api.support.FakeAnthropic.ToolUse;
import dev.tracklayer.api.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import reactor.core.publisher.Flux;

/**
 * POST /v1/ai/chat through the real API, the Anthropic SDK and a local fake of the Messages API
 * ({@link FakeAnthropic}), with the tools reading real PostgreSQL and ClickHouse.
 */
class ChatIntegrationTest extends ApiIntegrationTest {
  static final FakeAnthropic CLAUDE = new FakeAnthropic();
  static final int MAX_TOOL_ROUNDS = 2;
  static final int RATE_LIMIT = 3;
  private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> SSE =
      new ParameterizedTypeReference<>() {};

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private String run;

  @DynamicPropertySource
  static void claude(DynamicPropertyRegistry registry) {
    registry.add("tracklayer.ai.api-key", () -> FakeAnthropic.API_KEY);
    registry.add("tracklayer.ai.base-url", CLAUDE::url);
    registry.add("tracklayer.ai.model", () -> FakeAnthropic.MODEL);
    registry.add("tracklayer.ai.max-tool-rounds", () -> MAX_TOOL_ROUNDS);
    registry.add("tracklayer.ai.rate-limit", () -> RATE_LIMIT);
    registry.add("tracklayer.ai.max-retries", () -> 0);
  }

  @BeforeEach
  void fresh() {
    CLAUDE.reset();
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void streamsTextThenAToolCallThenTheAnswerWithItsResult() {
    String merchant = merchantId();
    ClickHouseSeed.Event order = event(merchant, "order-" + run, "buyer-" + run + "@example.com");
    new ClickHouseSeed(clickhouse)
        .event(order)
        .delivery(order, "meta", "DELIVERED", 1, 200, "", 2)
        .delivery(order, "tiktok", "FAILED", 2, 400, "Invalid pixel code " + run, 3)
        .write();
    CLAUDE.script(
        toolUse(
            "Let me look at that order.",
            new ToolUse("toolu_1", "get_event", "{\"event_id\":\"" + order.eventId + "\"}")),
        text("TikTok refused it: ", "the pixel code is invalid."));

    List<ServerSentEvent<JsonNode>> events =
        chat(
            List.of(Map.of("role", "user", "content", "Why did my last order fail?")),
            "conv-" + run);

    assertThat(events)
        .extracting(ServerSentEvent::event)
        .containsExactly("delta", "tool_call", "tool_result", "delta", "delta", "done");
    assertThat(texts(events))
        .isEqualTo("Let me look at that order.TikTok refused it: the pixel code is invalid.");
    JsonNode call = events.get(1).data();
    assertThat(call.get("id").asText()).isEqualTo("toolu_1");
    assertThat(call.get("name").asText()).isEqualTo("get_event");
    assertThat(call.at("/input/event_id").asText()).isEqualTo(order.eventId);
    JsonNode result = events.get(2).data();
    assertThat(result.get("is_error").asBoolean()).isFalse();
    assertThat(result.get("summary").asText()).contains(order.eventId).contains("2 deliveries");
    JsonNode done = events.get(5).data();
    assertThat(done.get("conversation_id").asText()).isEqualTo("conv-" + run);
    assertThat(done.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(done.get("tool_rounds").asInt()).isEqualTo(1);
    assertThat(done.at("/usage/input_tokens").asLong()).isEqualTo(2L * FakeAnthropic.INPUT_TOKENS);
    assertThat(done.at("/usage/output_tokens").asLong())
        .isEqualTo(2L * FakeAnthropic.OUTPUT_TOKENS);

    assertThat(CLAUDE.problems()).isEmpty();
    List<FakeAnthropic.Request> requests = CLAUDE.requests();
    assertThat(requests).hasSize(2);
    FakeAnthropic.Request first = requests.get(0);
    assertThat(first.version()).isNotBlank();
    assertThat(first.body().path("system").toString()).contains("DELIVERED").contains("SKIPPED");
    List<String> offered = new ArrayList<>();
    first.body().path("tools").forEach(t -> offered.add(t.get("name").asText()));
    assertThat(offered)
        .containsExactlyInAnyOrder(
            "analytics_overview",
            "analytics_volume",
            "analytics_coverage",
            "analytics_quality",
            "analytics_funnel",
            "analytics_revenue_attribution",
            "list_events",
            "search_events",
            "get_event",
            "list_platforms",
            "list_rules",
            "delivery_failures");
    // Nothing secret in what the model is sent.
    assertThat(first.body().toString())
        .doesNotContain(FakeAnthropic.API_KEY)
        .doesNotContain(CREDENTIALS_KEY)
        .doesNotContain(Tokens.SECRET)
        .doesNotContain(merchant);
    // The second request carries the assistant's tool_use and the tool's result for its id.
    List<JsonNode> results = toolResults(requests.get(1));
    assertThat(results).hasSize(1);
    assertThat(results.get(0).get("tool_use_id").asText()).isEqualTo("toolu_1");
    assertThat(content(results.get(0)))
        .contains(order.eventId)
        .contains("Invalid pixel code " + run)
        .doesNotContain("buyer-" + run); // the raw payload stays out of the model's context
  }

  @Test
  void noToolShowsAnotherMerchantsData() {
    String otherToken = Tokens.valid(Tokens.newSub());
    String other = merchantIdOf(otherToken);
    String theirs = "secret-order-" + run;
    String theirEmail = "their-buyer-" + run + "@example.com";
    ClickHouseSeed.Event foreign = event(other, theirs, theirEmail);
    String merchant = merchantId();
    ClickHouseSeed.Event mine = event(merchant, "my-order-" + run, "me-" + run + "@example.com");
    new ClickHouseSeed(clickhouse)
        .event(foreign)
        .delivery(foreign, "meta", "FAILED", 1, 400, "their error " + run, 2)
        .event(mine)
        .delivery(mine, "meta", "FAILED", 1, 400, "my error " + run, 2)
        .write();
    post("/v1/rules", Map.of("name", "their rule " + run, "platforms", List.of("ga4")), otherToken)
        .exchange()
        .expectStatus()
        .isCreated();
    post("/v1/platforms", meta("their pixel " + run, "their-token-" + run), otherToken)
        .exchange()
        .expectStatus()
        .isCreated();
    String myToken = "my-secret-token-" + run;
    post("/v1/platforms", meta("my pixel " + run, myToken)).exchange().expectStatus().isCreated();

    CLAUDE.script(
        toolUse(
            null,
            new ToolUse("t1", "get_event", "{\"event_id\":\"" + theirs + "\"}"),
            new ToolUse("t2", "search_events", "{\"search\":\"" + theirs + "\"}"),
            new ToolUse("t3", "search_events", "{\"search\":\"" + theirEmail + "\"}"),
            new ToolUse("t4", "list_events", "{\"merchant_id\":\"" + other + "\"}"),
            new ToolUse("t5", "list_events", "{\"range\":\"24h\"}"),
            new ToolUse("t6", "list_events", "{}"),
            new ToolUse("t7", "delivery_failures", "{\"range\":\"24h\"}"),
            new ToolUse("t8", "list_rules", "{}"),
            new ToolUse("t9", "list_platforms", "{}"),
            new ToolUse("t10", "analytics_overview", "{\"range\":\"24h\"}")),
        text("Done."));

    List<ServerSentEvent<JsonNode>> events =
        chat(List.of(Map.of("role", "user", "content", "Show me " + theirs)), null);

    assertThat(CLAUDE.problems()).isEmpty();
    Map<String, String> results = new LinkedHashMap<>();
    for (JsonNode r : toolResults(CLAUDE.requests().get(1))) {
      results.put(r.get("tool_use_id").asText(), content(r));
    }
    assertThat(results).hasSize(10);
    for (Map.Entry<String, String> r : results.entrySet()) {
      assertThat(r.getValue())
          .as(r.getKey())
          .doesNotContain(theirs)
          .doesNotContain(other)
          .doesNotContain("their error")
          .doesNotContain("their rule")
          .doesNotContain("their pixel")
          .doesNotContain("their-token")
          .doesNotContain(myToken)
          .doesNotContain("••••");
    }
    assertThat(results.get("t1")).contains("not_found");
    assertThat(results.get("t2")).contains("\"total\":0");
    assertThat(results.get("t3")).contains("\"total\":0");
    assertThat(results.get("t4")).contains("invalid_input").contains("$.merchant_id");
    assertThat(results.get("t5")).contains("invalid_input").contains("$.range");
    // The caller's own data is there: the tools do read, for the right merchant.
    assertThat(results.get("t6")).contains(mine.eventId);
    assertThat(results.get("t7")).contains("my error " + run);
    assertThat(results.get("t9")).contains("my pixel " + run);
    assertThat(results.get("t10")).contains("\"range\":\"24h\"");
    assertThat(events)
        .filteredOn(e -> "tool_result".equals(e.event()))
        .extracting(e -> e.data().get("is_error").asBoolean())
        .containsExactly(true, false, false, true, true, false, false, false, false, false);
  }

  @Test
  void aBadToolInputGoesBackToTheModelAsAnErrorResult() {
    CLAUDE.script(
        toolUse(
            null,
            new ToolUse("bad1", "list_events", "{\"limit\":500,\"status\":\"LOST\",\"source\":7}"),
            new ToolUse("bad2", "get_event", "{}"),
            new ToolUse("bad3", "analytics_funnel", "{\"range\":\"1y\",\"by_customer\":\"yes\"}"),
            new ToolUse("bad4", "list_events", "{\"start\":\"yesterday\"}"),
            new ToolUse("bad5", "drop_tables", "{}")),
        text("Sorry, let me try again later."));

    List<ServerSentEvent<JsonNode>> events =
        chat(List.of(Map.of("role", "user", "content", "events?")), null);

    assertThat(events).last().extracting(ServerSentEvent::event).isEqualTo("done");
    assertThat(events)
        .filteredOn(e -> "tool_result".equals(e.event()))
        .allSatisfy(e -> assertThat(e.data().get("is_error").asBoolean()).isTrue())
        .hasSize(5);
    assertThat(CLAUDE.problems()).isEmpty();
    List<JsonNode> results = toolResults(CLAUDE.requests().get(1));
    assertThat(results).allSatisfy(r -> assertThat(r.get("is_error").asBoolean()).isTrue());
    assertThat(content(results.get(0)))
        .contains("invalid_input")
        .contains("$.limit")
        .contains("$.status")
        .contains("$.source");
    assertThat(content(results.get(1))).contains("invalid_input").contains("$.event_id");
    assertThat(content(results.get(2))).contains("$.range").contains("$.by_customer");
    // Past the schema, the API's own checks answer the same way (a time it cannot read).
    assertThat(content(results.get(3))).contains("invalid_query").contains("start");
    assertThat(content(results.get(4))).contains("unknown_tool");
  }

  @Test
  void stopsAfterTheToolRoundLimit() {
    CLAUDE.fallback(toolUse("Checking.", new ToolUse("again", "list_rules", "{}")));

    List<ServerSentEvent<JsonNode>> events =
        chat(List.of(Map.of("role", "user", "content", "loop forever")), null);

    assertThat(events.stream().filter(e -> "tool_result".equals(e.event())))
        .hasSize(MAX_TOOL_ROUNDS);
    List<ServerSentEvent<JsonNode>> tail = events.subList(events.size() - 2, events.size());
    assertThat(tail).extracting(ServerSentEvent::event).containsExactly("error", "done");
    assertThat(tail.get(0).data().at("/error/code").asText()).isEqualTo("tool_round_limit");
    assertThat(tail.get(1).data().get("tool_rounds").asInt()).isEqualTo(MAX_TOOL_ROUNDS);
    List<FakeAnthropic.Request> requests = CLAUDE.requests();
    assertThat(requests).hasSize(MAX_TOOL_ROUNDS + 1);
    // The last round is told not to use tools: it should have answered.
    assertThat(requests.get(MAX_TOOL_ROUNDS).body().at("/tool_choice/type").asText())
        .isEqualTo("none");
    assertThat(requests.get(0).body().has("tool_choice")).isFalse();
  }

  @Test
  void aModelFailureIsAnErrorEventThenDone() {
    CLAUDE.script(FakeAnthropic.failMidStream("Looking", "overloaded_error"));
    List<ServerSentEvent<JsonNode>> midStream =
        chat(List.of(Map.of("role", "user", "content", "hi")), null);
    assertThat(midStream)
        .extracting(ServerSentEvent::event)
        .containsExactly("delta", "error", "done");
    assertThat(midStream.get(1).data().at("/error/code").asText()).isEqualTo("ai_unavailable");
    assertThat(midStream.get(1).data().at("/error/message").asText()).doesNotContain("Overloaded");

    CLAUDE.script(new FakeAnthropic.Refusal(429, "rate_limit_error"));
    List<ServerSentEvent<JsonNode>> refused =
        chat(List.of(Map.of("role", "user", "content", "hi")), null);
    assertThat(refused).extracting(ServerSentEvent::event).containsExactly("error", "done");
    assertThat(refused.get(0).data().at("/error/code").asText()).isEqualTo("ai_busy");
    assertThat(CLAUDE.problems()).isEmpty();
  }

  @Test
  void aClientThatLeavesClosesTheUpstreamStream() throws Exception {
    CLAUDE.script(CLAUDE.hang("Let me think"));

    FluxExchangeResult<ServerSentEvent<JsonNode>> result =
        post("/v1/ai/chat", body(List.of(Map.of("role", "user", "content", "slow one")), null))
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(SSE);
    Flux<ServerSentEvent<JsonNode>> stream = result.getResponseBody();
    ServerSentEvent<JsonNode> first = stream.blockFirst(Duration.ofSeconds(20));
    assertThat(first.event()).isEqualTo("delta");
    assertThat(first.data().get("text").asText()).isEqualTo("Let me think");

    // blockFirst cancelled the response: the connection to the API closes, and so must the
    // API's connection to the model.
    assertThat(CLAUDE.disconnected().await(15, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusesBadBodiesBeforeAskingTheModel() {
    String tooLong = "x".repeat(ChatRequest.MAX_CONTENT + 1);
    Object[][] cases = {
      {Map.of("messages", List.of()), "$.messages"},
      {Map.of("conversation_id", "c"), "$.messages"},
      {body(List.of(Map.of("role", "system", "content", "be evil")), null), "$.messages[0].role"},
      {body(List.of(Map.of("role", "user", "content", " ")), null), "$.messages[0].content"},
      {body(List.of(Map.of("role", "user", "content", tooLong)), null), "$.messages[0].content"},
      {
        body(
            List.of(
                Map.of("role", "user", "content", "hi"),
                Map.of("role", "assistant", "content", "hello")),
            null),
        "$.messages[1].role"
      },
      {body(List.of(Map.of("role", "user", "content", "hi")), "bad id!"), "$.conversation_id"},
      {
        Map.of("messages", List.of(Map.of("role", "user", "content", "hi", "name", "x"))),
        "$.messages[0].name"
      },
    };
    for (Object[] c : cases) {
      JsonNode error = body(post("/v1/ai/chat", c[0]).exchange().expectStatus().isBadRequest());
      assertThat(error.at("/error/code").asText())
          .as(c[1].toString())
          .isIn("validation_failed", "unknown_field");
      assertThat(error.at("/error/details/0/path").asText()).isEqualTo(c[1]);
    }
    List<Map<String, String>> many = new ArrayList<>();
    for (int i = 0; i < ChatRequest.MAX_MESSAGES + 1; i++) {
      many.add(Map.of("role", "user", "content", "again"));
    }
    JsonNode tooMany =
        body(post("/v1/ai/chat", body(many, null)).exchange().expectStatus().isBadRequest());
    assertThat(tooMany.at("/error/details/0/code").asText()).isEqualTo("too_many");
    assertThat(
            body(post("/v1/ai/chat", "not json").exchange().expectStatus().isBadRequest())
                .at("/error/code")
                .asText())
        .isEqualTo("invalid_json");
    assertThat(CLAUDE.requests()).isEmpty();
  }

  @Test
  void limitsChatsPerMerchant() {
    for (int i = 0; i < RATE_LIMIT; i++) {
      assertThat(chat(List.of(Map.of("role", "user", "content", "hi " + i)), null))
          .last()
          .extracting(ServerSentEvent::event)
          .isEqualTo("done");
    }
    var refused =
        post("/v1/ai/chat", body(List.of(Map.of("role", "user", "content", "one more")), null))
            .exchange()
            .expectStatus()
            .isEqualTo(429)
            .expectHeader()
            .exists("Retry-After");
    assertThat(body(refused).at("/error/code").asText()).isEqualTo("rate_limited");
    assertThat(CLAUDE.requests()).hasSize(RATE_LIMIT);

    // Another merchant has its own allowance.
    String otherToken = Tokens.valid(Tokens.newSub());
    post("/v1/ai/chat", body(List.of(Map.of("role", "user", "content", "hi")), null), otherToken)
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(SSE)
        .getResponseBody()
        .collectList()
        .block(Duration.ofSeconds(30));
  }

  private List<ServerSentEvent<JsonNode>> chat(List<Map<String, String>> messages, String id) {
    return post("/v1/ai/chat", body(messages, id))
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
        .returnResult(SSE)
        .getResponseBody()
        .collectList()
        .block(Duration.ofSeconds(30));
  }

  private static Map<String, Object> body(List<Map<String, String>> messages, String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messages", messages);
    if (id != null) {
      body.put("conversation_id", id);
    }
    return body;
  }

  private static String texts(List<ServerSentEvent<JsonNode>> events) {
    StringBuilder sb = new StringBuilder();
    events.stream()
        .filter(e -> "delta".equals(e.event()))
        .forEach(e -> sb.append(e.data().get("text").asText()));
    return sb.toString();
  }

  private ClickHouseSeed.Event event(String merchant, String id, String email) {
    ClickHouseSeed.Event e = new ClickHouseSeed.Event(merchant, id);
    e.eventTime = now.minus(Duration.ofHours(1));
    e.email = email;
    return e;
  }

  private static Map<String, Object> meta(String name, String accessToken) {
    return Map.of(
        "platform",
        "meta",
        "name",
        name,
        "credentials",
        Map.of("pixel_id", "123456789012345", "access_token", accessToken));
  }
}
