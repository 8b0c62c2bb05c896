package dev.tracklayer.api.ai;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.errors.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The dashboard's AI chat. Everything that can be refused is refused before the stream starts, so
 * those answers are plain JSON errors; once it streams, failures are {@code error} events.
 */
@RestController
@Tag(name = "AI chat", description = "Questions about the merchant's data, answered by Claude")
@RequestMapping("/v1/ai")
public class ChatController {
  private final ChatService chats;
  private final ChatRateLimiter limiter;
  private final AiProperties properties;

  public ChatController(ChatService chats, ChatRateLimiter limiter, AiProperties properties) {
    this.chats = chats;
    this.limiter = limiter;
    this.properties = properties;
  }

  @Operation(
      summary = "Chat with the assistant about this merchant's data",
      description =
          "Answers text/event-stream: `delta` {text}, `tool_call` {id, name, input}, `tool_result`"
              + " {id, name, is_error, summary}, `error` {error:{code, message, details}}, then"
              + " `done` {conversation_id, stop_reason, tool_rounds, usage:{input_tokens,"
              + " output_tokens}}. Nothing is stored: send the whole conversation each time.")
  @ApiResponse(
      responseCode = "200",
      description = "the event stream",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "400", description = "validation_failed: messages or conversation_id")
  @ApiResponse(responseCode = "429", description = "rate_limited: too many chats (Retry-After)")
  @ApiResponse(
      responseCode = "503",
      description = "ai_not_configured (no API key) or unavailable: too many chats at once")
  @PostMapping(value = "/chat", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<Object>> chat(Caller caller, @RequestBody ChatRequest body) {
    if (!properties.configured()) {
      throw new ApiException(
          org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
          "ai_not_configured",
          "the AI chat is not configured on this server (TRACKLAYER_ANTHROPIC_API_KEY)");
    }
    ChatRequest request = body.validated();
    if (!chats.hasCapacity()) {
      throw ApiException.unavailable(
          "too many chats at once; try again shortly", Duration.ofSeconds(5));
    }
    Duration wait = limiter.admit(caller.merchantId());
    if (wait != null) {
      throw ApiException.rateLimited(
          "at most " + properties.rateLimit() + " chat requests per " + window(), wait);
    }
    return chats.chat(caller, request);
  }

  private String window() {
    Duration w = properties.rateWindow();
    return w.equals(Duration.ofMinutes(1)) ? "minute" : w.toSeconds() + " s";
  }
}
