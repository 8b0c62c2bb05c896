package dev.tracklayer.api.ai;

import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.core.event.FieldError;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * POST /v1/ai/chat's body: the conversation so far, oldest first, ending with the user's message.
 * The server keeps nothing between requests, so the client sends the whole history each time.
 */
public record ChatRequest(
    @Schema(
            description = "oldest first; the last one is the user's",
            requiredMode = Schema.RequiredMode.REQUIRED)
        List<Message> messages,
    @Schema(description = "echoed in the done event; generated when absent", maxLength = 64)
        String conversationId) {

  public static final int MAX_MESSAGES = 50;
  public static final int MAX_CONTENT = 16_000;
  static final Set<String> ROLES = Set.of("user", "assistant");
  private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  public record Message(
      @Schema(allowableValues = {"user", "assistant"}) String role,
      @Schema(maxLength = MAX_CONTENT) String content) {}

  /** Every problem at once, as {@code validation_failed} details. */
  public ChatRequest validated() {
    List<FieldError> errors = new ArrayList<>();
    if (messages == null || messages.isEmpty()) {
      errors.add(new FieldError(FieldError.REQUIRED, "$.messages", "at least one message"));
    } else if (messages.size() > MAX_MESSAGES) {
      errors.add(
          new FieldError(
              FieldError.TOO_MANY, "$.messages", "at most " + MAX_MESSAGES + " messages"));
    } else {
      for (int i = 0; i < messages.size(); i++) {
        check(messages.get(i), "$.messages[" + i + "]", errors);
      }
      Message last = messages.get(messages.size() - 1);
      if (last != null && last.role() != null && !"user".equals(last.role())) {
        errors.add(
            new FieldError(
                FieldError.INVALID_VALUE,
                "$.messages[" + (messages.size() - 1) + "].role",
                "the last message must be the user's"));
      }
    }
    if (conversationId != null && !CONVERSATION_ID.matcher(conversationId).matches()) {
      errors.add(
          new FieldError(
              FieldError.INVALID_FORMAT,
              "$.conversation_id",
              "1 to 64 letters, digits or _ . : -"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.validation(errors);
    }
    return this;
  }

  private static void check(Message m, String path, List<FieldError> errors) {
    if (m == null) {
      errors.add(new FieldError(FieldError.REQUIRED, path, "must be an object"));
      return;
    }
    if (m.role() == null) {
      errors.add(new FieldError(FieldError.REQUIRED, path + ".role", "is required"));
    } else if (!ROLES.contains(m.role())) {
      errors.add(new FieldError(FieldError.INVALID_VALUE, path + ".role", "user or assistant"));
    }
    if (m.content() == null || m.content().isBlank()) {
      errors.add(new FieldError(FieldError.REQUIRED, path + ".content", "must not be empty"));
    } else if (m.content().length() > MAX_CONTENT) {
      errors.add(
          new FieldError(
              FieldError.TOO_LONG, path + ".content", "at most " + MAX_CONTENT + " characters"));
    }
  }
}
