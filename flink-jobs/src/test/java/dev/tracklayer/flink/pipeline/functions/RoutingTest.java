package dev.tracklayer.flink.pipeline.functions;

import static dev.tracklayer.flink.pipeline.functions.TestEvents.config;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.connection;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.event;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.purchase;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.config.RuleConfig;
import dev.tracklayer.core.event.TrackEvent;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static final List<ConnectionConfig> CONNECTIONS =
      List.of(
          connection("c-meta", "meta", "active"),
          connection("c-tiktok", "tiktok", "active"),
          connection("c-ga4", "ga4", "paused"));

  private static List<String> platforms(TrackEvent e, MerchantConfig c) {
    return Routing.route(e, c).targets().stream().map(t -> t.platform).toList();
  }

  @Test
  void withoutEnabledRulesEveryActiveConnectionGetsEveryEvent() {
    MerchantConfig c =
        config("m1", 1, CONNECTIONS, List.of(rule(false, List.of("lead"), List.of("meta"))));
    assertThat(platforms(event("m1", "e1", "page_view"), c)).containsExactly("meta", "tiktok");
  }

  @Test
  void anEventGoesToTheUnionOfTheRulesItMatches() {
    MerchantConfig c =
        config(
            "m1",
            1,
            CONNECTIONS,
            List.of(
                rule(true, List.of("purchase"), List.of("meta")),
                rule(true, List.of("purchase", "lead"), List.of("tiktok")),
                rule(true, List.of("lead"), List.of("ga4"))));
    assertThat(platforms(purchase("m1", "e1", "10", "us"), c)).containsExactly("meta", "tiktok");
    assertThat(platforms(event("m1", "e2", "lead"), c)).containsExactly("tiktok");
    assertThat(platforms(event("m1", "e3", "page_view"), c)).isEmpty();
  }

  @Test
  void eachConditionMustHold() {
    RuleConfig r = rule(true, List.of(), List.of("meta"));
    r.sources = List.of("browser");
    r.minValue = new BigDecimal("50");
    r.countries = List.of("US", "ca");
    TrackEvent ok = purchase("m1", "e1", "50.00", "United States");
    ok.source = "browser";
    assertThat(Routing.matches(r, ok)).isTrue();

    TrackEvent server = purchase("m1", "e2", "80", "us");
    assertThat(Routing.matches(r, server)).as("source").isFalse();

    TrackEvent cheap = purchase("m1", "e3", "49.99", "us");
    cheap.source = "browser";
    assertThat(Routing.matches(r, cheap)).as("min_value").isFalse();

    TrackEvent noValue = purchase("m1", "e4", null, "us");
    noValue.source = "browser";
    assertThat(Routing.matches(r, noValue)).as("no value").isFalse();

    TrackEvent germany = purchase("m1", "e5", "80", "de");
    germany.source = "browser";
    assertThat(Routing.matches(r, germany)).as("country").isFalse();

    TrackEvent canada = purchase("m1", "e6", "80", "CA");
    canada.source = "browser";
    assertThat(Routing.matches(r, canada)).as("country case").isTrue();

    RuleConfig names = rule(true, List.of("Purchase"), List.of("meta"));
    assertThat(Routing.matches(names, purchase("m1", "e7", "1", null))).isTrue();
    assertThat(Routing.matches(names, event("m1", "e8", "lead"))).isFalse();
  }

  @Test
  void anExplicitPlatformListOverridesRulesAndReportsWhatIsNotConnected() {
    MerchantConfig c =
        config("m1", 1, CONNECTIONS, List.of(rule(true, List.of("lead"), List.of("meta"))));
    TrackEvent forwarded = purchase("m1", "e1-replay-1", "10", "us");
    forwarded.platforms = List.of("tiktok", "ga4", "snapchat");
    Routing.Decision d = Routing.route(forwarded, c);
    assertThat(d.targets()).extracting(t -> t.platform).containsExactly("tiktok");
    assertThat(d.skipped()).extracting(Routing.Skip::platform).containsExactly("ga4", "snapchat");
  }

  @Test
  void aMerchantWithoutConfigurationHasNowhereToSend() {
    assertThat(Routing.route(event("m1", "e1", "purchase"), null).targets()).isEmpty();
  }
}
