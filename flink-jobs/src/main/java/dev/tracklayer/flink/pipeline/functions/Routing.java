package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.config.RuleConfig;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.identity.Normalizers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which connections an event goes to (docs/contracts.md): an explicit platform list (forward,
 * retry-failed) wins; otherwise the union of the platforms of the enabled rules it matches; a
 * merchant with no enabled rule sends every event to every active connection.
 */
public final class Routing {
  private Routing() {}

  /** A platform the event was sent to explicitly but cannot reach, and why. */
  public record Skip(String platform, String reason) {}

  public record Decision(List<ConnectionConfig> targets, List<Skip> skipped) {}

  public static Decision route(TrackEvent event, MerchantConfig config) {
    List<ConnectionConfig> active = new ArrayList<>();
    if (config != null) {
      for (ConnectionConfig c : config.connections) {
        if (c.active()) {
          active.add(c);
        }
      }
    }
    if (event.platforms != null) {
      List<ConnectionConfig> targets = new ArrayList<>();
      List<Skip> skipped = new ArrayList<>();
      for (String platform : new LinkedHashSet<>(event.platforms)) {
        ConnectionConfig c = byPlatform(active, platform);
        if (c == null) {
          skipped.add(new Skip(platform, "no active " + platform + " connection"));
        } else {
          targets.add(c);
        }
      }
      return new Decision(targets, skipped);
    }
    List<RuleConfig> enabled =
        config == null ? List.of() : config.rules.stream().filter(r -> r.enabled).toList();
    if (enabled.isEmpty()) {
      return new Decision(active, List.of());
    }
    Set<String> platforms = new LinkedHashSet<>();
    for (RuleConfig rule : enabled) {
      if (matches(rule, event)) {
        platforms.addAll(rule.platforms);
      }
    }
    List<ConnectionConfig> targets = new ArrayList<>();
    for (ConnectionConfig c : active) {
      if (platforms.contains(c.platform)) {
        targets.add(c);
      }
    }
    return new Decision(targets, List.of());
  }

  /** Every condition that is set must hold; an unset or empty one holds for any event. */
  public static boolean matches(RuleConfig rule, TrackEvent event) {
    if (!isEmpty(rule.eventNames)
        && rule.eventNames.stream().noneMatch(n -> n.equalsIgnoreCase(event.eventName))) {
      return false;
    }
    if (!isEmpty(rule.sources)
        && rule.sources.stream().noneMatch(s -> s.equalsIgnoreCase(event.source))) {
      return false;
    }
    if (rule.minValue != null
        && (event.value == null || event.value.compareTo(rule.minValue) < 0)) {
      return false;
    }
    if (!isEmpty(rule.countries)) {
      String country = event.userData == null ? null : Normalizers.country(event.userData.country);
      if (country == null
          || rule.countries.stream().noneMatch(c -> c.toLowerCase(Locale.ROOT).equals(country))) {
        return false;
      }
    }
    return true;
  }

  private static ConnectionConfig byPlatform(List<ConnectionConfig> active, String platform) {
    for (ConnectionConfig c : active) {
      if (c.platform.equals(platform)) {
        return c;
      }
    }
    return null;
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }
}
