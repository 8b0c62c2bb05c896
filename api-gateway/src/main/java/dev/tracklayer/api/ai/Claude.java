package dev.tracklayer.api.ai;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUnion;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.ai.tools.ChatTool;
import dev.tracklayer.api.ai.tools.ChatTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The Anthropic SDK's client (absent without an API key), the system prompt and the tool
 * definitions, built once. The SDK is configured here only: it never reads ANTHROPIC_* variables.
 */
@Component
public class Claude implements DisposableBean {
  private final AiProperties properties;
  private final AnthropicClient client;
  private final String systemPrompt;
  private final List<ToolUnion> tools;

  public Claude(AiProperties properties, ChatTools chatTools) {
    this.properties = properties;
    this.client =
        properties.configured()
            ? AnthropicOkHttpClient.builder()
                .apiKey(properties.apiKey())
                // anthropic-java 3.16.0 sends an API key as "Authorization: Bearer", which the
                // Messages API refuses for API keys; with X-Api-Key already set it adds nothing.
                .putHeader("X-Api-Key", properties.apiKey())
                .baseUrl(properties.baseUrl())
                .timeout(properties.timeout())
                .maxRetries(properties.maxRetries())
                .build()
            : null;
    this.systemPrompt = resource("/ai/system-prompt.md");
    this.tools = chatTools.all().stream().map(Claude::definition).toList();
  }

  public Optional<AnthropicClient> client() {
    return Optional.ofNullable(client);
  }

  public AiProperties properties() {
    return properties;
  }

  public String systemPrompt() {
    return systemPrompt;
  }

  public List<ToolUnion> tools() {
    return tools;
  }

  private static ToolUnion definition(ChatTool tool) {
    JsonNode schema = tool.inputSchema();
    Map<String, JsonValue> properties = new LinkedHashMap<>();
    schema
        .path("properties")
        .fields()
        .forEachRemaining(f -> properties.put(f.getKey(), JsonValue.fromJsonNode(f.getValue())));
    Tool.InputSchema.Builder input =
        Tool.InputSchema.builder()
            .properties(
                Tool.InputSchema.Properties.builder()
                    .putAllAdditionalProperties(properties)
                    .build())
            .putAdditionalProperty(
                "additionalProperties",
                JsonValue.fromJsonNode(schema.path("additionalProperties")));
    schema.path("required").forEach(r -> input.addRequired(r.asText()));
    return ToolUnion.ofTool(
        Tool.builder()
            .name(tool.name())
            .description(tool.description())
            .inputSchema(input.build())
            .build());
  }

  private static String resource(String path) {
    try (InputStream in = Claude.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void destroy() {
    if (client != null) {
      client.close();
    }
  }
}
