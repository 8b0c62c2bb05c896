package dev.tracklayer.api.analytics.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The figures of the endpoints' answers under the names {@link RawAnalytics} gives them, each with
 * the window the endpoint says it counted ({@code start}, {@code end}) and the names it answers
 * for: a figure an endpoint does not show (another event name, a rejection) is not compared.
 */
final class EndpointFigures {
  static final List<String> ENDPOINTS =
      List.of(
          "overview",
          "volume",
          "coverage",
          "quality",
          "delivery",
          "funnel?by=customer",
          "revenue-attribution");

  private static final List<String> STATUSES_ATTEMPTED = List.of("DELIVERED", "FAILED", "ERROR");

  /** What one endpoint answered: compare {@code figures} with the raw ones named by prefix. */
  record Window(String endpoint, Instant from, Instant to, Figures figures, List<String> names) {}

  private EndpointFigures() {}

  static List<Window> windows(Map<String, JsonNode> answers) {
    List<Window> out = new ArrayList<>();
    answers.forEach((endpoint, body) -> out.add(window(endpoint, body)));
    return out;
  }

  private static Window window(String endpoint, JsonNode body) {
    Figures f = new Figures();
    List<String> names = new ArrayList<>();
    switch (endpoint) {
      case "overview" -> {
        f.add("events", body.path("events").asLong());
        body.path("revenue_by_currency")
            .fields()
            .forEachRemaining(e -> f.add("revenue." + e.getKey(), e.getValue().decimalValue()));
        names.addAll(List.of("events", "revenue."));
      }
      case "volume" -> {
        for (JsonNode day : body.path("days")) {
          String date = day.path("date").asText();
          for (String column : List.of("accepted", "delivered", "failed", "skipped")) {
            f.add("volume." + date + "." + column, day.path(column).asLong());
          }
        }
        names.add("volume.");
      }
      case "coverage" -> {
        JsonNode matrix = body.path("matrix");
        JsonNode platforms = body.path("platforms");
        int i = 0;
        for (JsonNode name : body.path("event_names")) {
          for (int j = 0; j < platforms.size(); j++) {
            f.add(
                "coverage." + name.asText() + "." + platforms.get(j).path("platform").asText(),
                matrix.path(i).path(j).asLong());
          }
          names.add("coverage." + name.asText() + ".");
          i++;
        }
      }
      case "quality" -> {
        f.add("events", body.path("events").asLong());
        names.add("events");
        for (JsonNode field : body.path("completeness")) {
          f.add("completeness.with_" + field.path("field").asText(), field.path("events").asLong());
        }
        names.add("completeness.");
        for (JsonNode platform : body.path("platforms")) {
          String p = platform.path("platform").asText();
          f.add("attempts." + p, platform.path("deliveries").asLong());
          names.add("attempts." + p);
        }
        for (JsonNode issue : body.path("issues")) {
          if (issue.path("origin").asText().equals("warning")) {
            String name =
                "issues.warning." + issue.path("code").asText() + "." + issue.path("path").asText();
            f.add(name, issue.path("count").asLong());
            names.add(name);
          }
        }
      }
      case "delivery" -> {
        // Waiting and the reasons come from the raw deliveries already; refusals have no raw table.
        f.add("events", body.at("/ingest/accepted").asLong());
        names.add("events");
        for (JsonNode platform : body.path("platforms")) {
          String key = "settled." + platform.path("platform").asText() + ".";
          for (String status : List.of("DELIVERED", "FAILED", "ERROR", "SKIPPED")) {
            f.add(key + status, platform.path(status.toLowerCase(java.util.Locale.ROOT)).asLong());
          }
        }
        names.add("settled.");
      }
      case "funnel?by=customer" -> {
        for (JsonNode stage : body.path("stages")) {
          String s = stage.path("stage").asText();
          f.add("funnel." + s, stage.path("count").asLong());
          f.add("funnel_customers." + s, stage.path("customers").asLong());
        }
        names.addAll(List.of("funnel.", "funnel_customers."));
      }
      case "revenue-attribution" -> {
        for (JsonNode platform : body.path("platforms")) {
          String key = "attribution." + platform.path("platform").asText();
          f.add(key + ".orders", platform.path("orders").asLong());
          platform
              .path("revenue")
              .fields()
              .forEachRemaining(
                  e -> f.add(key + ".revenue." + e.getKey(), e.getValue().decimalValue()));
        }
        names.add("attribution.");
      }
      default -> throw new IllegalArgumentException("unknown endpoint " + endpoint);
    }
    return new Window(
        endpoint,
        Instant.parse(body.path("start").asText()),
        Instant.parse(body.path("end").asText()),
        f,
        names);
  }

  /** Deliveries the quality endpoint counts per platform: every attempt that finished. */
  static void addAttempts(Figures raw) {
    Map<String, BigDecimal> all = raw.asMap();
    List<String[]> found = new ArrayList<>();
    all.forEach(
        (name, value) -> {
          String[] parts = name.split("\\.");
          if (parts.length == 4
              && parts[0].equals("platform_fields")
              && parts[3].equals("deliveries")
              && STATUSES_ATTEMPTED.contains(parts[2])) {
            found.add(new String[] {parts[1], value.toPlainString()});
          }
        });
    for (String[] f : found) {
      raw.add("attempts." + f[0], new BigDecimal(f[1]));
    }
  }
}
