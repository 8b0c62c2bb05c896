package dev.tracklayer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a manifest against src/test/resources/kubernetes/schema.yaml: the fields and types of the
 * API versions deploy/kubernetes uses, a hand-written subset of their OpenAPI v3 schemas. A field
 * the schema does not list is an error, so a misspelt key fails instead of being dropped.
 */
final class ManifestSchema {
  private static final Pattern QUANTITY =
      Pattern.compile("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$");

  private final JsonNode kinds;
  private final JsonNode definitions;

  private ManifestSchema(JsonNode root) {
    this.kinds = root.path("kinds");
    this.definitions = root.path("definitions");
  }

  static ManifestSchema load() {
    try (InputStream in = ManifestSchema.class.getResourceAsStream("/kubernetes/schema.yaml")) {
      return new ManifestSchema(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code apiVersion/kind}, the key of a manifest's schema. */
  static String kindOf(JsonNode doc) {
    return doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
  }

  /**
   * The errors of {@code doc}, each with its path; empty when it conforms. {@code partial}: an
   * overlay's patch, whose required fields are in the base.
   */
  List<String> check(JsonNode doc, boolean partial) {
    List<String> errors = new ArrayList<>();
    JsonNode schema = kinds.get(kindOf(doc));
    if (schema == null) {
      errors.add(kindOf(doc) + ": a kind the schema does not describe");
      return errors;
    }
    check(doc, schema, kindOf(doc), partial, errors);
    return errors;
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String name = schema.get("$ref").asText();
      schema = definitions.get(name);
      if (schema == null) {
        throw new IllegalStateException("schema.yaml: no definition " + name);
      }
    }
    return schema;
  }

  private void check(
      JsonNode value, JsonNode schema, String path, boolean partial, List<String> errors) {
    schema = resolve(schema);
    String type = schema.path("type").asText();
    switch (type) {
      case "object" -> checkObject(value, schema, path, partial, errors);
      case "array" -> {
        if (!value.isArray()) {
          errors.add(path + ": expected a list, found " + describe(value));
          return;
        }
        if (!partial && value.size() < schema.path("minItems").asInt(0)) {
          errors.add(path + ": needs at least " + schema.get("minItems").asInt() + " items");
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.get("items"), path + "[" + i + "]", partial, errors);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          errors.add(path + ": expected a string, found " + describe(value));
          return;
        }
        checkString(value.asText(), schema, path, errors);
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          errors.add(path + ": expected an integer, found " + describe(value));
          return;
        }
        checkRange(value.asDouble(), schema, path, errors);
      }
      case "number" -> {
        if (!value.isNumber()) {
          errors.add(path + ": expected a number, found " + describe(value));
          return;
        }
        checkRange(value.asDouble(), schema, path, errors);
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          errors.add(path + ": expected true or false, found " + describe(value));
        }
      }
      case "int-or-string" -> {
        if (!value.isIntegralNumber() && !value.isTextual()) {
          errors.add(path + ": expected an integer or a string, found " + describe(value));
        }
      }
      case "quantity" -> {
        if (!value.isNumber()
            && !(value.isTextual() && QUANTITY.matcher(value.asText()).matches())) {
          errors.add(path + ": expected a quantity (2, 500m, 1Gi), found " + describe(value));
        }
      }
      default ->
          throw new IllegalStateException("schema.yaml: unknown type " + type + " at " + path);
    }
  }

  private void checkObject(
      JsonNode value, JsonNode schema, String path, boolean partial, List<String> errors) {
    if (!value.isObject()) {
      errors.add(path + ": expected a mapping, found " + describe(value));
      return;
    }
    if (schema.path("preserveUnknownFields").asBoolean(false)) {
      return;
    }
    if (!partial) {
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          errors.add(path + ": missing required field " + required.asText());
        }
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String at = path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.get(field.getKey()), at, partial, errors);
      } else if (additional != null) {
        check(field.getValue(), additional, at, partial, errors);
      } else {
        errors.add(at + ": unknown field (known: " + names(properties) + ")");
      }
    }
  }

  private static void checkString(String text, JsonNode schema, String path, List<String> errors) {
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.asText().equals(text);
      }
      if (!found) {
        errors.add(path + ": \"" + text + "\" is not one of " + schema.get("enum"));
      }
    }
    if (schema.has("pattern")
        && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
      errors.add(path + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
    }
  }

  private static void checkRange(double n, JsonNode schema, String path, List<String> errors) {
    if (schema.has("minimum") && n < schema.get("minimum").asDouble()) {
      errors.add(path + ": " + n + " is below the minimum " + schema.get("minimum").asText());
    }
    if (schema.has("maximum") && n > schema.get("maximum").asDouble()) {
      errors.add(path + ": " + n + " is above the maximum " + schema.get("maximum").asText());
    }
  }

  private static String names(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    return value.getNodeType().name().toLowerCase()
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }
}
