package dev.tracklayer.core.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** What every answer to any input must look like, whatever was sent. */
public final class Answers {
  private Answers() {}

  /**
   * Null when {@code response} keeps the contract: below 500, and every status from 400 up is
   * {@code application/json} with {@code {"error":{"code":string,"message":string,"details":[]}}}
   * (the body of an answer to HEAD is empty by definition: only its type is checked). Otherwise
   * what is wrong.
   */
  public static String problem(RawHttp.Response response, boolean head) {
    if (response.status() >= 500) {
      return "a " + response.status() + " (server error) for client input";
    }
    if (response.status() < 400) {
      return null;
    }
    String type = response.header("Content-Type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).replace(" ", "").matches("application/json(;.*)?")) {
      return "a " + response.status() + " whose Content-Type is " + type + ", not application/json";
    }
    if (head) {
      return null;
    }
    JsonNode body = StrictJson.parse(response.body()).orElse(null);
    JsonNode error = body == null ? null : body.get("error");
    if (body == null
        || !body.isObject()
        || error == null
        || !error.isObject()
        || !error.path("code").isTextual()
        || error.path("code").textValue().isEmpty()
        || !error.path("message").isTextual()
        || !error.path("details").isArray()) {
      return "a " + response.status() + " without the JSON error shape: " + response.bodyText();
    }
    return null;
  }
}
