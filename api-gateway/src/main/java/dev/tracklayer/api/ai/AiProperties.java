package dev.tracklayer.api.ai;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.ai}: the AI chat's Claude settings (README, Configuration). Without an API key
 * the chat answers 503; the key is never logged, shown to the model or echoed.
 *
 * @param apiKey TRACKLAYER_ANTHROPIC_API_KEY
 * @param baseUrl TRACKLAYER_ANTHROPIC_BASE_URL: Anthropic's API, or a proxy or a fake
 * @param model TRACKLAYER_AI_MODEL
 * @param maxTokens TRACKLAYER_AI_MAX_TOKENS: the answer's budget per model round
 * @param maxToolRounds TRACKLAYER_AI_MAX_TOOL_ROUNDS: tool rounds per chat request
 * @param rateLimit TRACKLAYER_AI_RATE_LIMIT: chat requests per merchant per {@code rateWindow}
 * @param rateWindow the rate limit's sliding window
 * @param maxConversations TRACKLAYER_AI_MAX_CONVERSATIONS: chats streaming at once per replica
 * @param timeout TRACKLAYER_AI_TIMEOUT: how long one model request may take
 * @param maxRetries the SDK's retries of a request that failed before it streamed
 */
@ConfigurationProperties("tracklayer.ai")
public record AiProperties(
    String apiKey,
    String baseUrl,
    String model,
    Integer maxTokens,
    Integer maxToolRounds,
    Integer rateLimit,
    Duration rateWindow,
    Integer maxConversations,
    Duration timeout,
    Integer maxRetries) {

  public AiProperties {
    apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://api.anthropic.com" : baseUrl.strip();
    model = model == null || model.isBlank() ? "claude-sonnet-4-5" : model.strip();
    maxTokens = positive("max-tokens", maxTokens, 2048);
    maxToolRounds = positive("max-tool-rounds", maxToolRounds, 5);
    rateLimit = positive("rate-limit", rateLimit, 20);
    rateWindow = rateWindow == null ? Duration.ofMinutes(1) : rateWindow;
    maxConversations = positive("max-conversations", maxConversations, 32);
    timeout = timeout == null ? Duration.ofMinutes(2) : timeout;
    maxRetries = maxRetries == null ? 2 : maxRetries;
    if (rateWindow.isNegative() || rateWindow.isZero() || timeout.isNegative() || maxRetries < 0) {
      throw new IllegalStateException("tracklayer.ai: windows, timeouts and retries must be > 0");
    }
  }

  public boolean configured() {
    return apiKey != null;
  }

  private static int positive(String name, Integer value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw new IllegalStateException("tracklayer.ai." + name + " must be at least 1");
    }
    return value;
  }

  /** Never the key itself: records print their components. */
  @Override
  public String toString() {
    return "AiProperties[baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", apiKey="
        + (apiKey == null ? "unset" : "set")
        + "]";
  }
}
