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
 *
 * <p>Consent comes last, whichever way the targets were chosen: a connection that follows consent
 * ({@link ConnectionConfig#followsConsent}) does not get an event whose {@code consent.marketing}
 * is false, or not stated when the merchant treats unstated as denied; that delivery is SKIPPED
 * {@value #CONSENT_DENIED} here, before any request is built.
 */
public final class Routing {
  /** The reason of a delivery skipped for the visitor's marketing consent. */
  public static final String CONSENT_DENIED = "consent_denied";

  private Routing() {}

  /**
   * A delivery that is not made, and why: a platform the event was sent to explicitly but cannot
   * reach ({@code connectionId} null), or a connection the visitor's consent keeps it from.
   */
  public record Skip(String platform, String connectionId, String reason) {
    public Skip(String platform, String reason) {
      this(platform, null, reason);
    }
  }

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
    List<Skip> skipped = new ArrayList<>();
    if (event.platforms != null) {
      List<ConnectionConfig> targets = new ArrayList<>();
      for (String platform : new LinkedHashSet<>(event.platforms)) {
        ConnectionConfig c = byPlatform(active, platform);
        if (c == null) {
          skipped.add(new Skip(platform, "no active " + platform + " connection"));
        } else {
          targets.add(c);
        }
      }
      return withConsent(event, config, targets, skipped);
    }
    List<RuleConfig> enabled =
        config == null ? List.of() : config.rules.stream().filter(r -> r.enabled).toList();
    if (enabled.isEmpty()) {
      return withConsent(event, config, active, skipped);
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
    return withConsent(event, config, targets, skipped);
  }

  /** The targets the visitor's consent allows; the others join {@code skipped}. */
  private static Decision withConsent(
      TrackEvent event, MerchantConfig config, List<ConnectionConfig> targets, List<Skip> skipped) {
    if (consentGiven(event, config)) {
      return new Decision(targets, skipped);
    }
    List<ConnectionConfig> allowed = new ArrayList<>();
    for (ConnectionConfig c : targets) {
      if (c.followsConsent()) {
        skipped.add(new Skip(c.platform, c.id, CONSENT_DENIED));
      } else {
        allowed.add(c);
      }
    }
    return new Decision(allowed, skipped);
  }

  /**
   * Whether the event may go to ad platforms: {@code consent.marketing} true, or not stated and the
   * merchant's policy for unstated consent is allow (the default).
   */
  static boolean consentGiven(TrackEvent event, MerchantConfig config) {
    Boolean marketing = event.consent == null ? null : event.consent.marketing;
    if (marketing != null) {
      return marketing;
    }
    return config == null || !config.unstatedConsentDenied();
  }

  /** Every condition that is set must hold; an unset or empty one holds for any event. */
  public static boolean matches(RuleConfig rule, TrackEvent event) {
    if (rule.requireConsent
        && (event.consent == null || !Boolean.TRUE.equals(event.consent.marketing))) {
      return false;
    }
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
