package dev.tracklayer.api.ai.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.api.auth.Caller;

/**
 * One read-only tool the model may call. The handler gets the merchant from the {@link Caller} of
 * the chat request, never from the model's input: no schema has a merchant property, and inputs
 * with properties the schema does not declare are refused before a handler runs.
 */
public record ChatTool(String name, String description, ObjectNode inputSchema, Handler handler) {

  @FunctionalInterface
  public interface Handler {
    /** Blocking; {@code input} has passed {@link ToolInputValidator}. */
    Output run(Caller caller, JsonNode input);
  }

  /** What the model gets ({@code data}, as JSON) and a line for the chat's client. */
  public record Output(Object data, String summary) {}
}
