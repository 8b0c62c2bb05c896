package dev.tracklayer.api.ai.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * Builds a tool's {@code input_schema}: an object of strings, integers and booleans, closed to
 * other properties. The same document goes to the model and to {@link ToolInputValidator}, so what
 * the model is told is what is checked.
 */
public final class ToolSchema {
  private final ObjectNode schema = JsonNodeFactory.instance.objectNode();
  private final ObjectNode properties = schema.putObject("properties");
  private final ArrayNode required = JsonNodeFactory.instance.arrayNode();

  private ToolSchema() {
    schema.put("type", "object");
  }

  public static ToolSchema object() {
    return new ToolSchema();
  }

  public ToolSchema string(String name, String description, int maxLength) {
    property(name, "string", description).put("maxLength", maxLength);
    return this;
  }

  public ToolSchema oneOf(String name, String description, Collection<String> values) {
    ArrayNode allowed = property(name, "string", description).putArray("enum");
    values.forEach(allowed::add);
    return this;
  }

  public ToolSchema integer(String name, String description, long minimum, long maximum) {
    property(name, "integer", description).put("minimum", minimum).put("maximum", maximum);
    return this;
  }

  public ToolSchema bool(String name, String description) {
    property(name, "boolean", description);
    return this;
  }

  public ToolSchema required(String... names) {
    for (String n : names) {
      required.add(n);
    }
    return this;
  }

  public ObjectNode build() {
    ObjectNode out = schema.deepCopy();
    if (!required.isEmpty()) {
      out.set("required", required.deepCopy());
    }
    out.put("additionalProperties", false);
    return out;
  }

  private ObjectNode property(String name, String type, String description) {
    return properties.putObject(name).put("type", type).put("description", description);
  }
}
