package dev.tracklayer.api.ai.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.api.analytics.AnalyticsRange;
import dev.tracklayer.api.analytics.AnalyticsService;
import dev.tracklayer.api.auth.Caller;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The /v1/analytics answers, as tools: the same figures the dashboard shows. */
@Component
public class AnalyticsTools implements ChatToolSet {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final String RANGE_HELP = "how far back from now; 7d when absent";

  private final AnalyticsService analytics;

  public AnalyticsTools(AnalyticsService analytics) {
    this.analytics = analytics;
  }

  static ObjectNode rangeOnly() {
    return ToolSchema.object().oneOf("range", RANGE_HELP, AnalyticsRange.LABELS).build();
  }

  static AnalyticsRange range(JsonNode input) {
    return AnalyticsRange.parse(input.path("range").asText(null));
  }

  @Override
  public List<ChatTool> tools() {
    return List.of(
        tool(
            "analytics_overview",
            "KPIs of a range: events, delivery rate, health, revenue, latency, match quality,"
                + " each with its change against the previous period.",
            analytics::overview),
        tool(
            "analytics_volume",
            "Daily events, deliveries and failures of a range, in the account's time zone.",
            analytics::volume),
        tool(
            "analytics_coverage",
            "Delivered counts of the top event names on each platform.",
            analytics::coverage),
        tool(
            "analytics_quality",
            "Match quality, identity field completeness and the top validation issues.",
            analytics::quality),
        new ChatTool(
            "analytics_funnel",
            "Funnel from page_view to purchase; by_customer adds unique customers per stage.",
            ToolSchema.object()
                .oneOf("range", RANGE_HELP, AnalyticsRange.LABELS)
                .bool("by_customer", "also count unique customers who passed the stages in order")
                .build(),
            (caller, input) ->
                new ChatTool.Output(
                    block(
                        analytics.funnel(
                            caller, range(input), input.path("by_customer").asBoolean(false))),
                    "funnel of " + range(input).label())),
        tool(
            "analytics_revenue_attribution",
            "Purchases and revenue by the customer's first-touch platform.",
            analytics::revenueAttribution));
  }

  private static ChatTool tool(
      String name,
      String description,
      BiFunction<Caller, AnalyticsRange, Mono<? extends Object>> read) {
    return new ChatTool(
        name,
        description,
        rangeOnly(),
        (caller, input) -> {
          AnalyticsRange range = range(input);
          return new ChatTool.Output(
              block(read.apply(caller, range)),
              name.substring("analytics_".length()).replace('_', ' ') + " of " + range.label());
        });
  }

  static <T> T block(Mono<T> answer) {
    return answer.block(TIMEOUT);
  }
}
