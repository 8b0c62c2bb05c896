package dev.tracklayer.api.ai.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a model's tool input against the subset of JSON Schema that {@link ToolSchema} writes: an
 * object, its required properties, no others, and each value's type, enum, length and range. What
 * the model sends is untrusted input like any request body.
 */
public final class ToolInputValidator {
  private ToolInputValidator() {}

  public static List<FieldError> validate(JsonNode schema, JsonNode input) {
    List<FieldError> errors = new ArrayList<>();
    if (input == null || !input.isObject()) {
      errors.add(new FieldError(FieldError.INVALID_TYPE, "$", "must be a JSON object"));
      return errors;
    }
    JsonNode properties = schema.path("properties");
    for (JsonNode name : schema.path("required")) {
      if (!input.hasNonNull(name.asText())) {
        errors.add(new FieldError(FieldError.REQUIRED, "$." + name.asText(), "is required"));
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = input.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = "$." + field.getKey();
      JsonNode property = properties.get(field.getKey());
      if (property == null) {
        errors.add(new FieldError(FieldError.INVALID_VALUE, path, "unknown property"));
      } else if (!field.getValue().isNull()) {
        check(property, field.getValue(), path, errors);
      }
    }
    return errors;
  }

  private static void check(JsonNode property, JsonNode value, String path, List<FieldError> out) {
    switch (property.path("type").asText()) {
      case "string" -> {
        if (!value.isTextual()) {
          out.add(new FieldError(FieldError.INVALID_TYPE, path, "must be a string"));
          return;
        }
        String text = value.asText();
        JsonNode allowed = property.get("enum");
        if (allowed != null && !contains(allowed, text)) {
          out.add(
              new FieldError(FieldError.INVALID_VALUE, path, "must be one of " + join(allowed)));
        }
        JsonNode max = property.get("maxLength");
        if (max != null && text.length() > max.asInt()) {
          out.add(
              new FieldError(FieldError.TOO_LONG, path, "at most " + max.asInt() + " characters"));
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
          out.add(new FieldError(FieldError.INVALID_TYPE, path, "must be an integer"));
          return;
        }
        long n = value.asLong();
        long min = property.path("minimum").asLong(Long.MIN_VALUE);
        long max = property.path("maximum").asLong(Long.MAX_VALUE);
        if (n < min || n > max) {
          out.add(
              new FieldError(
                  FieldError.OUT_OF_RANGE, path, "must be between " + min + " and " + max));
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(new FieldError(FieldError.INVALID_TYPE, path, "must be true or false"));
        }
      }
      default -> out.add(new FieldError(FieldError.INVALID_VALUE, path, "unsupported"));
    }
  }

  private static boolean contains(JsonNode values, String text) {
    for (JsonNode v : values) {
      if (v.asText().equals(text)) {
        return true;
      }
    }
    return false;
  }

  private static String join(JsonNode values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return String.join(", ", out);
  }
}
