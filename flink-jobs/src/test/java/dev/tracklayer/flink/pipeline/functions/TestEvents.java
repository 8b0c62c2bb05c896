package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.config.RuleConfig;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Small builders for pipeline tests. */
public final class TestEvents {
  private TestEvents() {}

  static TrackEvent event(String merchant, String id, String name) {
    TrackEvent e = new TrackEvent();
    e.merchantId = merchant;
    e.eventId = id;
    e.eventName = name;
    e.eventTime = System.currentTimeMillis() / 1000;
    e.receivedAt = System.currentTimeMillis();
    e.source = "server";
    e.userData = new UserData();
    e.userData.email = "buyer@example.com";
    return e;
  }

  public static TrackEvent purchase(String merchant, String id, String value, String country) {
    TrackEvent e = event(merchant, id, "purchase");
    e.value = value == null ? null : new BigDecimal(value);
    e.currency = "USD";
    e.userData.country = country;
    return e;
  }

  static ConnectionConfig connection(String id, String platform, String status) {
    return new ConnectionConfig(id, platform, platform + " test", status, "", Map.of());
  }

  static RuleConfig rule(boolean enabled, List<String> names, List<String> platforms) {
    RuleConfig r = new RuleConfig();
    r.id = "r-" + String.join("-", platforms);
    r.name = "rule";
    r.enabled = enabled;
    r.eventNames = names;
    r.platforms = platforms;
    return r;
  }

  static MerchantConfig config(
      String merchant, long version, List<ConnectionConfig> connections, List<RuleConfig> rules) {
    return new MerchantConfig(merchant, version, connections, rules);
  }
}
