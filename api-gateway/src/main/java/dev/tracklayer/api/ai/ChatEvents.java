package dev.tracklayer.api.ai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.errors.ErrorBody;
import java.util.List;
import org.springframework.http.codec.ServerSentEvent;

/** The SSE events of POST /v1/ai/chat (docs/api.md, "AI chat"), in the API's snake_case. */
final class ChatEvents {
  private ChatEvents() {}

  record Delta(String text) {}

  record ToolCall(String id, String name, JsonNode input) {}

  record ToolResult(String id, String name, boolean isError, String summary) {}

  record Usage(long inputTokens, long outputTokens) {}

  record Done(String conversationId, String stopReason, int toolRounds, Usage usage) {}

  static ServerSentEvent<Object> delta(String text) {
    return event("delta", new Delta(text));
  }

  static ServerSentEvent<Object> toolCall(String id, String name, JsonNode input) {
    return event("tool_call", new ToolCall(id, name, input));
  }

  static ServerSentEvent<Object> toolResult(String id, String name, boolean error, String summary) {
    return event("tool_result", new ToolResult(id, name, error, summary));
  }

  static ServerSentEvent<Object> error(String code, String message) {
    return event("error", ErrorBody.of(code, message, List.of()));
  }

  static ServerSentEvent<Object> done(Done done) {
    return event("done", done);
  }

  private static ServerSentEvent<Object> event(String name, Object data) {
    return ServerSentEvent.builder(data).event(name).build();
  }
}
