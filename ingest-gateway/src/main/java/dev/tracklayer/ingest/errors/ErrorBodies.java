package dev.tracklayer.ingest.errors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.FieldError;
import dev.tracklayer.core.event.Json;
import java.util.List;

/**
 * Serializes the docs/contracts.md error shape: {@code {"error":{"code","message","details":[…]}}}.
 */
public final class ErrorBodies {
  private ErrorBodies() {}

  public static byte[] render(String code, String message, List<FieldError> details) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    ArrayNode array = error.putArray("details");
    for (FieldError d : details) {
      array.addObject().put("code", d.code()).put("path", d.path()).put("message", d.message());
    }
    return Json.toBytes(root);
  }

  public static byte[] render(IngestException e) {
    if (e.fields().isEmpty()) {
      return render(e.code(), e.getMessage(), e.details());
    }
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", e.code());
    error.put("message", e.getMessage());
    ArrayNode array = error.putArray("details");
    for (FieldError d : e.details()) {
      array.addObject().put("code", d.code()).put("path", d.path()).put("message", d.message());
    }
    e.fields().forEach((name, value) -> error.set(name, Json.mapper().valueToTree(value)));
    return Json.toBytes(root);
  }
}
