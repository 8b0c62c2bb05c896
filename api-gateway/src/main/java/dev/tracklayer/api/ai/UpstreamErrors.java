package dev.tracklayer.api.ai;

import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.ErrorType;

/**
 * What a failed model request becomes in the chat's {@code error} event. The model API's own
 * message is not passed on: the client gets a stable code and a sentence of ours.
 */
final class UpstreamErrors {
  private UpstreamErrors() {}

  record Mapped(String code, String message) {}

  static final Mapped KEY_REFUSED =
      new Mapped("ai_unavailable", "the AI service refused the configured API key");
  static final Mapped BUSY =
      new Mapped("ai_busy", "the AI service is rate limiting; try again shortly");
  static final Mapped UNAVAILABLE =
      new Mapped("ai_unavailable", "the AI service is unavailable; try again shortly");
  static final Mapped REFUSED =
      new Mapped(
          "ai_refused", "the AI service refused the request (the conversation may be too long)");

  /** Null when {@code e} is not the model API's doing. */
  static Mapped of(RuntimeException e) {
    if (e instanceof AnthropicIoException) {
      return UNAVAILABLE;
    }
    if (!(e instanceof AnthropicServiceException service)) {
      return null;
    }
    // An error event mid-stream arrives with the stream's 200: its type says what happened.
    String type = service.type().map(ErrorType::asString).orElse("");
    switch (type) {
      case "authentication_error", "permission_error", "billing_error":
        return KEY_REFUSED;
      case "rate_limit_error":
        return BUSY;
      case "overloaded_error", "api_error", "timeout_error":
        return UNAVAILABLE;
      case "invalid_request_error", "not_found_error", "request_too_large":
        return REFUSED;
      default:
        break;
    }
    int status = service.statusCode();
    if (status == 401 || status == 403) {
      return KEY_REFUSED;
    }
    if (status == 429) {
      return BUSY;
    }
    if (status >= 400 && status < 500) {
      return REFUSED;
    }
    return UNAVAILABLE;
  }
}
