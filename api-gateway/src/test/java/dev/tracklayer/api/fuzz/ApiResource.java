package dev.tracklayer.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.testing.fuzz.RawHttp;
import dev.tracklayer.core.testing.fuzz.Shown;
import dev.tracklayer.core.testing.fuzz.StrictJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's writes the fuzzers send bodies to, each with a valid body to mutate, the free-text
 * fields it keeps, and how to read back what it stored.
 */
enum ApiResource {
  API_KEYS("POST", "/v1/api-keys", "{\"name\":\"CI key\"}", List.of(List.of("name"))),
  ACCOUNT(
      "PATCH",
      "/v1/account",
      "{\"name\":\"Shop\",\"email\":\"owner@example.com\",\"store_platform\":\"shopify\","
          + "\"store_url\":\"https://shop.example/\",\"onboarding_step\":2,"
          + "\"onboarding_completed\":false}",
      List.of(List.of("name"), List.of("email"), List.of("store_url"))),
  PLATFORMS(
      "POST",
      "/v1/platforms",
      "{\"platform\":\"meta\",\"name\":\"Main pixel\",\"credentials\":{\"pixel_id\":\"1234567890\","
          + "\"access_token\":\"EAABsbCS1iHgBAKZCZ\"},\"settings\":{\"test_event_code\":\"TEST123\"}}",
      List.of(List.of("name"), List.of("settings", "test_event_code"))),
  RULES(
      "POST",
      "/v1/rules",
      "{\"name\":\"Purchases to Meta\",\"enabled\":true,\"conditions\":{\"event_names\":"
          + "[\"purchase\",\"lead\"],\"sources\":[\"server\"],\"min_value\":10.5,"
          + "\"countries\":[\"us\",\"de\"]},\"platforms\":[\"meta\",\"tiktok\"]}",
      List.of(List.of("name"), List.of("conditions", "event_names", 0)));

  final String method;
  final String path;
  final JsonNode template;
  final List<List<Object>> textPaths;

  ApiResource(String method, String path, String template, List<List<Object>> textPaths) {
    this.method = method;
    this.path = path;
    this.template = StrictJson.parse(template).orElseThrow();
    this.textPaths = textPaths;
  }

  /** The stored form of what a success created or changed, read back through the API. */
  JsonNode readBack(FuzzedApi api, String token, JsonNode answer) {
    if (this == ACCOUNT) {
      return body(api.exchange(api.request("GET", "/v1/account", token, null), false, false));
    }
    JsonNode list = body(api.exchange(api.request("GET", path, token, null), false, false));
    for (JsonNode item : list.path("items")) {
      if (item.path("id").equals(answer.path("id"))) {
        return item;
      }
    }
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Every kept text field of {@code sent} that {@code stored} does not have as sent. The API trims
   * surrounding whitespace (docs/api.md); nothing else may change.
   */
  List<String> differences(JsonNode sent, JsonNode stored) {
    List<String> out = new ArrayList<>();
    for (List<Object> path : textPaths) {
      JsonNode s = at(sent, path);
      if (s == null || !s.isTextual() || s.textValue().isBlank()) {
        continue;
      }
      String expected = s.textValue().strip();
      if (path.equals(List.of("conditions", "event_names", 0))) {
        boolean found = false;
        for (JsonNode name : stored.path("conditions").path("event_names")) {
          found |= expected.equals(name.asText());
        }
        if (!found) {
          out.add(path + ": sent " + expected + ", stored " + stored.path("conditions"));
        }
        continue;
      }
      JsonNode back = at(stored, path);
      if (back == null || !expected.equals(back.asText())) {
        out.add(
            path
                + ": sent \""
                + Shown.text(expected)
                + "\", stored "
                + (back == null ? "nothing" : Shown.text(back.toString())));
      }
    }
    return out;
  }

  static ObjectNode body(RawHttp.Response response) {
    return (ObjectNode) StrictJson.parse(response.body()).orElseThrow();
  }

  private static JsonNode at(JsonNode node, List<Object> path) {
    for (Object step : path) {
      if (node == null) {
        return null;
      }
      node = step instanceof String key ? node.get(key) : node.get((Integer) step);
    }
    return node;
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
