package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.FieldRule;
import dev.tracklayer.core.identity.Normalization;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.UserDataField;
import dev.tracklayer.core.quality.Warning;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The pipeline's {@code no_matchable_identifier} (docs/analytics.md): a server-side event (any
 * source but browser) for which none of the merchant's connected platforms has an identifier it
 * matches people on. Every platform matches on a usable email or phone and on an external id
 * (customer_id, external_ids); beyond those, each on its own ids:
 *
 * <ul>
 *   <li>meta: fbp, fbc, madid, fb_login_id, subscription_id, lead_id, anon_id, ctwa_clid, or an IP
 *       address with a User-Agent
 *   <li>tiktok: ttclid, ttp, or IP with User-Agent; snapchat: sc_click_id, or IP with User-Agent;
 *       pinterest: epik, or IP with User-Agent; reddit: rdt_cid, or IP with User-Agent
 *   <li>google_ads, ga4: gclid, gbraid, wbraid; microsoft: msclkid; linkedin: li_fat_id; x: twclid;
 *       klaviyo: nothing else
 *   <li>webhook: anything (the merchant's own endpoint matches nobody, so it never warns)
 * </ul>
 *
 * The gateway warns without knowing the connections (any identifier of any platform); this is the
 * sharper test, so an event the gateway already flagged is not flagged twice.
 */
public final class MatchableIdentifiers {
  private static final FieldRule EMAIL =
      FieldRule.hashed("em", UserDataField.EMAIL, Normalization.EMAIL);
  private static final FieldRule PHONE =
      FieldRule.hashed("ph", UserDataField.PHONE, Normalization.PHONE_DIGITS);

  private MatchableIdentifiers() {}

  /**
   * Adds the warning to {@code event} when it applies. The warnings list is replaced, never changed
   * in place: it may be shared or immutable.
   */
  public static void warnIfUnmatchable(TrackEvent event, Collection<String> platforms) {
    if ("browser".equals(event.source) || platforms.isEmpty() || alreadyWarned(event)) {
      return;
    }
    for (String platform : platforms) {
      if (matchable(platform, event.userData)) {
        return;
      }
    }
    List<Warning> warnings = new ArrayList<>(event.warnings == null ? List.of() : event.warnings);
    warnings.add(new Warning(Warning.NO_MATCHABLE_IDENTIFIER, "$.user_data"));
    event.warnings = warnings;
  }

  private static boolean alreadyWarned(TrackEvent event) {
    if (event.warnings != null) {
      for (Warning w : event.warnings) {
        if (Warning.NO_MATCHABLE_IDENTIFIER.equals(w.code)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code platform} has something in {@code u} to match a person on. */
  public static boolean matchable(String platform, UserData u) {
    if ("webhook".equals(platform)) {
      return true;
    }
    if (u == null) {
      return false;
    }
    if ((u.email != null && EMAIL.present(u, null))
        || (u.phone != null && PHONE.present(u, Normalizers.country(u.country)))
        || sent(u.customerId)
        || (u.externalIds != null && u.externalIds.stream().anyMatch(MatchableIdentifiers::sent))) {
      return true;
    }
    BrowserIds b = u.browserIds == null ? new BrowserIds() : u.browserIds;
    boolean ipAndAgent = (sent(u.clientIp) || sent(u.ip)) && sent(u.userAgent);
    return switch (platform) {
      case "meta" ->
          sent(b.fbp)
              || sent(b.fbc)
              || sent(u.madid)
              || sent(u.fbLoginId)
              || sent(u.subscriptionId)
              || sent(u.leadId)
              || sent(u.anonId)
              || sent(u.ctwaClid)
              || ipAndAgent;
      case "tiktok" -> sent(b.ttclid) || sent(b.ttp) || ipAndAgent;
      case "snapchat" -> sent(b.scClickId) || ipAndAgent;
      case "pinterest" -> sent(b.epik) || ipAndAgent;
      case "reddit" -> sent(b.rdtCid) || ipAndAgent;
      case "google_ads", "ga4" -> sent(b.gclid) || sent(b.gbraid) || sent(b.wbraid);
      case "microsoft" -> sent(b.msclkid);
      case "linkedin" -> sent(b.liFatId);
      case "x" -> sent(b.twclid);
      default -> false;
    };
  }

  private static boolean sent(String s) {
    return s != null && !s.isBlank();
  }
}
