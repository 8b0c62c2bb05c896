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
import dev.tracklayer.core.event.Consent;
import dev.tracklayer.core.event.TrackEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
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

  private static TrackEvent withConsent(TrackEvent e, Boolean marketing) {
    e.consent = new Consent(marketing, null);
    return e;
  }

  private static List<String> skips(Routing.Decision d) {
    return d.skipped().stream()
        .map(s -> s.platform() + ":" + s.connectionId() + ":" + s.reason())
        .toList();
  }

  private static final ConnectionConfig WEBHOOK = connection("c-hook", "webhook", "active");

  private static ConnectionConfig webhook(String respectConsent) {
    return new ConnectionConfig(
        "c-hook2",
        "webhook",
        "hook",
        "active",
        "",
        Map.of(ConnectionConfig.RESPECT_CONSENT, respectConsent));
  }

  @Test
  void anEventWhoseMarketingConsentIsFalseIsSkippedForEveryAdPlatform() {
    MerchantConfig c = config("m1", 1, CONNECTIONS, List.of());
    Routing.Decision d = Routing.route(withConsent(event("m1", "e1", "purchase"), false), c);
    assertThat(d.targets()).isEmpty();
    assertThat(skips(d))
        .containsExactly("meta:c-meta:consent_denied", "tiktok:c-tiktok:consent_denied");
  }

  @Test
  void statedConsentAndUnstatedConsentGoEverywhereByDefault() {
    MerchantConfig c = config("m1", 1, CONNECTIONS, List.of());
    assertThat(platforms(withConsent(event("m1", "e1", "purchase"), true), c))
        .containsExactly("meta", "tiktok");
    assertThat(platforms(event("m1", "e2", "purchase"), c)).containsExactly("meta", "tiktok");
    assertThat(platforms(withConsent(event("m1", "e3", "purchase"), null), c))
        .containsExactly("meta", "tiktok");
    // A snapshot restored from before the setting existed has no value: allowed, as before.
    c.consentWhenUnstated = null;
    assertThat(platforms(event("m1", "e4", "purchase"), c)).containsExactly("meta", "tiktok");
  }

  @Test
  void underDenyUnstatedConsentIsSkippedAndStatedConsentStillGoes() {
    MerchantConfig c = config("m1", 1, CONNECTIONS, List.of());
    c.consentWhenUnstated = MerchantConfig.DENY;
    Routing.Decision unstated = Routing.route(event("m1", "e1", "purchase"), c);
    assertThat(unstated.targets()).isEmpty();
    assertThat(skips(unstated))
        .containsExactly("meta:c-meta:consent_denied", "tiktok:c-tiktok:consent_denied");
    Routing.Decision noFlag = Routing.route(withConsent(event("m1", "e2", "purchase"), null), c);
    assertThat(noFlag.targets()).isEmpty();
    assertThat(platforms(withConsent(event("m1", "e3", "purchase"), true), c))
        .containsExactly("meta", "tiktok");
  }

  @Test
  void webhooksGetEveryEventUnlessTheyRespectConsent() {
    MerchantConfig plain =
        config("m1", 1, List.of(connection("c-meta", "meta", "active"), WEBHOOK), List.of());
    Routing.Decision d = Routing.route(withConsent(event("m1", "e1", "purchase"), false), plain);
    assertThat(d.targets()).extracting(t -> t.platform).containsExactly("webhook");
    assertThat(skips(d)).containsExactly("meta:c-meta:consent_denied");

    MerchantConfig respecting =
        config(
            "m1", 1, List.of(connection("c-meta", "meta", "active"), webhook("true")), List.of());
    Routing.Decision r =
        Routing.route(withConsent(event("m1", "e2", "purchase"), false), respecting);
    assertThat(r.targets()).isEmpty();
    assertThat(skips(r))
        .containsExactly("meta:c-meta:consent_denied", "webhook:c-hook2:consent_denied");
    // Under deny, an unstated consent is refused to a respecting webhook too.
    respecting.consentWhenUnstated = MerchantConfig.DENY;
    assertThat(Routing.route(event("m1", "e3", "purchase"), respecting).targets()).isEmpty();
    assertThat(platforms(withConsent(event("m1", "e4", "purchase"), true), respecting))
        .containsExactly("meta", "webhook");

    MerchantConfig notRespecting = config("m1", 1, List.of(webhook("false")), List.of());
    assertThat(platforms(withConsent(event("m1", "e5", "purchase"), false), notRespecting))
        .containsExactly("webhook");
  }

  @Test
  void aMatchingRuleDoesNotOverrideARefusedConsent() {
    MerchantConfig c =
        config("m1", 1, CONNECTIONS, List.of(rule(true, List.of("purchase"), List.of("meta"))));
    Routing.Decision d = Routing.route(withConsent(event("m1", "e1", "purchase"), false), c);
    assertThat(d.targets()).isEmpty();
    assertThat(skips(d)).containsExactly("meta:c-meta:consent_denied");
    // An event no rule matches is not a delivery at all: nothing to skip.
    Routing.Decision lead = Routing.route(withConsent(event("m1", "e2", "lead"), false), c);
    assertThat(lead.targets()).isEmpty();
    assertThat(lead.skipped()).isEmpty();
  }

  @Test
  void aRuleThatRequiresConsentMatchesOnlyStatedConsent() {
    RuleConfig r = rule(true, List.of("purchase"), List.of("meta"));
    r.requireConsent = true;
    assertThat(Routing.matches(r, withConsent(event("m1", "e1", "purchase"), true))).isTrue();
    assertThat(Routing.matches(r, withConsent(event("m1", "e2", "purchase"), false))).isFalse();
    assertThat(Routing.matches(r, event("m1", "e3", "purchase"))).as("unstated").isFalse();
    assertThat(Routing.matches(r, withConsent(event("m1", "e4", "purchase"), null))).isFalse();
    assertThat(Routing.matches(r, withConsent(event("m1", "e5", "lead"), true))).isFalse();

    // Unstated consent allowed by the merchant still does not meet the rule: it goes elsewhere.
    RuleConfig everyone = rule(true, List.of("purchase"), List.of("tiktok"));
    MerchantConfig c = config("m1", 1, CONNECTIONS, List.of(r, everyone));
    assertThat(platforms(event("m1", "e6", "purchase"), c)).containsExactly("tiktok");
    assertThat(platforms(withConsent(event("m1", "e7", "purchase"), true), c))
        .containsExactly("meta", "tiktok");
  }

  @Test
  void anExplicitPlatformListStillRespectsConsent() {
    MerchantConfig c = config("m1", 1, CONNECTIONS, List.of());
    TrackEvent forward = withConsent(purchase("m1", "e1-replay-1", "10", "us"), false);
    forward.platforms = List.of("meta", "snapchat");
    Routing.Decision d = Routing.route(forward, c);
    assertThat(d.targets()).isEmpty();
    assertThat(skips(d))
        .containsExactly(
            "snapchat:null:no active snapchat connection", "meta:c-meta:consent_denied");
  }
}
