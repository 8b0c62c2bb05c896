package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.Payload.putIfPresent;
import static dev.tracklayer.core.identity.FieldRule.hashed;
import static dev.tracklayer.core.identity.FieldRule.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.IdentityRuleSet;
import dev.tracklayer.core.identity.Normalization;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.UserDataField;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * LinkedIn Conversions API: {@code POST /rest/conversionEvents} with {@code X-RestLi-Method:
 * BATCH_CREATE} and {@code {"elements": [...]}} (one request shape for one or many events), Bearer
 * token, {@code LinkedIn-Version} and {@code X-Restli-Protocol-Version: 2.0.0}. Each element names
 * the conversion rule as {@code urn:lla:llaPartnerConversion:{id}} and happened-at in milliseconds;
 * {@code user.userIds} is required even when empty. LinkedIn deduplicates on eventId.
 *
 * <p>A connection is one conversion rule, so only conversions go: {@code conversion_events}
 * (comma-separated, default {@code purchase}) or {@code conversion_rule_id.<event_name>} for a rule
 * of its own; everything else is SKIPPED.
 *
 * <p>Identity: SHA-256 of the lowercased email ({@code SHA256_EMAIL}), the {@code li_fat_id}
 * first-party cookie ({@code LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID}), the raw IP ({@code
 * PLAINTEXT_IP_ADDRESS}); {@code userInfo} (first and last name unhashed, country) when both names
 * are known, since LinkedIn matches on the pair.
 *
 * <p>Settings: {@code conversion_events}, {@code conversion_rule_id.<event_name>}, {@code
 * api_version} (the LinkedIn-Version header, default {@value #API_VERSION}).
 *
 * <p>Sources: learn.microsoft.com/linkedin/marketing/integrations/ads-reporting/conversions-api;
 * versioning page (monthly versions, each supported at least a year); Segment's
 * linkedin-conversions destination for the batch shape.
 */
public final class LinkedInAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  /** July 2026, supported until at least July 2027. */
  static final String API_VERSION = "202607";

  /** LinkedIn rejects conversions more than 90 days old. */
  static final Duration MAX_AGE = Duration.ofDays(90);

  static final IdentityRuleSet RULES =
      new IdentityRuleSet(
          "linkedin",
          List.of(
              hashed("SHA256_EMAIL", UserDataField.EMAIL, Normalization.EMAIL),
              raw("LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID", UserDataField.LI_FAT_ID),
              raw("PLAINTEXT_IP_ADDRESS", UserDataField.CLIENT_IP)));

  @Override
  public String platform() {
    return "linkedin";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("conversion_rule_id", "access_token");
  }

  /** LinkedIn's batch create takes up to 5,000 conversion events. */
  @Override
  public int maxBatchSize() {
    return 5000;
  }

  @Override
  public Duration timeout() {
    return Duration.ofSeconds(5);
  }

  @Override
  public Optional<Duration> maxEventAge() {
    return Optional.of(MAX_AGE);
  }

  @Override
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    boolean ownRule = Payload.setting(settings, "conversion_rule_id." + event.eventName) != null;
    if (!ownRule && !Payload.isConversion(event, settings)) {
      return Optional.of(
          "not a LinkedIn conversion for this connection: "
              + event.eventName
              + " is not in conversion_events ("
              + Payload.setting(settings, "conversion_events", "purchase")
              + ")");
    }
    Optional<String> old =
        Payload.olderThan(event, now, MAX_AGE, "LinkedIn rejects conversions older than 90 days");
    if (old.isPresent()) {
      return old;
    }
    Set<String> ids = RULES.keys(event.userData);
    if (ids.contains("SHA256_EMAIL")
        || ids.contains("LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID")
        || userInfo(Payload.userData(event)) != null) {
      return Optional.empty();
    }
    return Optional.of(
        "no usable identifier for LinkedIn: needs email, li_fat_id, or first and last name");
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    String defaultRule = credentials.require("conversion_rule_id");
    ObjectNode body = Payload.object();
    ArrayNode elements = body.putArray("elements");
    for (TrackEvent e : events) {
      String rule = Payload.setting(settings, "conversion_rule_id." + e.eventName, defaultRule);
      elements.add(element(e, rule, ctx.now()));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + credentials.require("access_token"));
    headers.put("LinkedIn-Version", Payload.setting(settings, "api_version", API_VERSION));
    headers.put("X-Restli-Protocol-Version", "2.0.0");
    headers.put("X-RestLi-Method", "BATCH_CREATE");
    headers.put("Content-Type", Payload.JSON);
    return DeliveryRequest.post(
        ctx.endpoints().baseUrl(platform()) + "/rest/conversionEvents",
        headers,
        Payload.write(body));
  }

  private static ObjectNode element(TrackEvent e, String rule, Instant now) {
    ObjectNode el = Payload.object();
    String id = rule.startsWith("urn:") ? rule.substring(rule.lastIndexOf(':') + 1) : rule;
    el.put("conversion", "urn:lla:llaPartnerConversion:" + id);
    el.put("conversionHappenedAt", Payload.eventTimeMillis(e, now));
    if (e.value != null && e.currency != null) {
      el.putObject("conversionValue")
          .put("currencyCode", Payload.currency(e))
          .put("amount", Payload.plain(e.value));
    }
    putIfPresent(el, "eventId", e.eventId);
    ObjectNode user = el.putObject("user");
    ArrayNode userIds = user.putArray("userIds");
    RULES
        .apply(e.userData)
        .forEach(
            (type, value) ->
                userIds.addObject().put("idType", type).put("idValue", value.toString()));
    ObjectNode info = userInfo(Payload.userData(e));
    if (info != null) {
      user.set("userInfo", info);
    }
    return el;
  }

  /** First and last name travel together or not at all; country is an optional extra. */
  private static ObjectNode userInfo(UserData u) {
    String first = Payload.blankToNull(u.firstName);
    String last = Payload.blankToNull(u.lastName);
    if (first == null || last == null || Payload.looksHashed(first) || Payload.looksHashed(last)) {
      return null;
    }
    ObjectNode info = Payload.object();
    info.put("firstName", first);
    info.put("lastName", last);
    String country = Normalizers.country(u.country);
    if (country != null) {
      info.put("countryCode", country.toUpperCase(Locale.ROOT));
    }
    return info;
  }

  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    JsonNode body = Responses.json(response);
    if (response.isSuccess()) {
      JsonNode elements = body == null ? null : body.get("elements");
      if (elements == null || !elements.isArray() || elements.size() != batchSize) {
        return Responses.all(Outcome.delivered(response.status()), batchSize);
      }
      // Rest.li batch create reports a status per element.
      List<Outcome> out = Responses.perIndex(batchSize, Outcome.delivered(response.status()));
      for (int i = 0; i < batchSize; i++) {
        JsonNode el = elements.get(i);
        int s = el.path("status").asInt(response.status());
        if (s >= 300) {
          String text =
              Optional.ofNullable(Responses.text(el, "error", "message"))
                  .orElse(el.path("message").asText("HTTP " + s));
          out.set(
              i, Responses.retryableStatus(s) ? Outcome.retry(s, text) : Outcome.failed(s, text));
        }
      }
      return out;
    }
    return Responses.byStatus(response, Responses.genericMessage(response), batchSize);
  }
}
