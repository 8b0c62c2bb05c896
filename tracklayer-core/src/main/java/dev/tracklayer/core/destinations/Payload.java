package dev.tracklayer.core.destinations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.Item;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.IdentityRuleSet;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.Sha256;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Building blocks the adapters share, so each adapter file reads as its platform's mapping. */
final class Payload {

  static final String JSON = "application/json";

  private Payload() {}

  static ObjectNode object() {
    return Json.mapper().createObjectNode();
  }

  static ArrayNode array() {
    return Json.mapper().createArrayNode();
  }

  /**
   * Serialized with the shared mapper: BigDecimal money stays plain ({@code 129.99}, never 1E+2).
   */
  static String write(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A path segment from merchant-supplied ids: nothing in it may change the path. */
  static String pathSegment(String s) {
    return urlEncode(s).replace("+", "%20");
  }

  // ---- headers

  /** {@code name: value} (how the platform takes its credential), then the JSON Content-Type. */
  static Map<String, String> jsonHeaders(String name, String value) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(name, value);
    headers.put("Content-Type", JSON);
    return headers;
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  /** {@code Authorization: Bearer <token>} and the JSON Content-Type. */
  static Map<String, String> bearerJsonHeaders(String token) {
    return jsonHeaders("Authorization", bearer(token));
  }

  // ---- time

  /**
   * The event's time in unix seconds, clamped to {@code now}: ingest accepts up to 10 minutes of
   * client clock skew, and platforms reject timestamps in the future.
   */
  static long eventTimeSeconds(TrackEvent e, Instant now) {
    long nowSeconds = now.getEpochSecond();
    long t =
        e.eventTime != null ? e.eventTime : e.receivedAt != null ? e.receivedAt / 1000 : nowSeconds;
    return Math.min(t, nowSeconds);
  }

  static long eventTimeMillis(TrackEvent e, Instant now) {
    return eventTimeSeconds(e, now) * 1000L;
  }

  /** The reason to skip when the event is older than {@code max}; {@code rule} says whose rule. */
  static Optional<String> olderThan(TrackEvent e, Instant now, Duration max, String rule) {
    if (e.eventTime == null) {
      return Optional.empty();
    }
    long ageSeconds = now.getEpochSecond() - e.eventTime;
    if (ageSeconds > max.toSeconds()) {
      return Optional.of(
          "event is older than "
              + describe(max)
              + " ("
              + rule
              + "); it is "
              + describeAge(ageSeconds)
              + " old");
    }
    return Optional.empty();
  }

  private static String describe(Duration d) {
    if (d.toHours() % 24 == 0) {
      long days = d.toDays();
      return days + (days == 1 ? " day" : " days");
    }
    return d.toHours() + " hours";
  }

  private static String describeAge(long seconds) {
    long hours = seconds / 3600;
    return hours >= 48 ? (hours / 24) + " days" : hours + " hours";
  }

  // ---- settings

  /** A connection setting, trimmed; null when absent or blank. */
  static String setting(Map<String, String> settings, String key) {
    if (settings == null) {
      return null;
    }
    String v = settings.get(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  static String setting(Map<String, String> settings, String key, String fallback) {
    String v = setting(settings, key);
    return v == null ? fallback : v;
  }

  static boolean flag(Map<String, String> settings, String key) {
    String v = setting(settings, key);
    return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
  }

  /**
   * The platform's name for the event: the connection's {@code event_name.<name>} setting first
   * (merchants can remap anything), then the platform's standard-event table, then {@code custom}
   * for names the platform has no standard for.
   */
  static String eventName(
      TrackEvent e,
      Map<String, String> settings,
      Map<StandardEvent, String> standard,
      Function<String, String> custom) {
    String name = e.eventName == null ? "" : e.eventName;
    String mapped = setting(settings, "event_name." + name);
    if (mapped != null) {
      return mapped;
    }
    Optional<StandardEvent> std = StandardEvent.of(name);
    if (std.isPresent() && standard.containsKey(std.get())) {
      return standard.get(std.get());
    }
    return custom.apply(name);
  }

  /**
   * Whether the connection counts {@code e} as a conversion: it is named in the comma-separated
   * {@code conversion_events} setting (default {@code purchase}), compared as standard events so
   * {@code sign_up} matches {@code complete_registration}.
   */
  static boolean isConversion(TrackEvent e, Map<String, String> settings) {
    String list = setting(settings, "conversion_events", "purchase");
    Optional<StandardEvent> std = StandardEvent.of(e.eventName);
    for (String raw : list.split(",")) {
      String want = raw.strip();
      if (want.isEmpty()) {
        continue;
      }
      if (want.equals(e.eventName)) {
        return true;
      }
      if (std.isPresent() && StandardEvent.of(want).equals(std)) {
        return true;
      }
    }
    return false;
  }

  // ---- identity

  static UserData userData(TrackEvent e) {
    return e.userData == null ? new UserData() : e.userData;
  }

  /** Copies a rule set's output (String or List of String values) into a JSON object. */
  static ObjectNode identity(Map<String, Object> fields) {
    ObjectNode out = object();
    putAll(out, fields);
    return out;
  }

  /**
   * The email as Microsoft or Reddit want it ({@link #hashedEmailWithoutAlias}) under {@code
   * emailKey}, then the fields of {@code rules}.
   */
  static ObjectNode identityWithCanonicalEmail(
      UserData u, String emailKey, IdentityRuleSet rules, LocalPart localPart) {
    ObjectNode out = object();
    putIfPresent(out, emailKey, hashedEmailWithoutAlias(u.email, localPart));
    putAll(out, rules.apply(u));
    return out;
  }

  static void putAll(ObjectNode node, Map<String, Object> fields) {
    fields.forEach((k, v) -> put(node, k, v));
  }

  /**
   * Whether a platform can match the user: {@code has} holds one of {@code anyOf}, or both {@code
   * ipKey} and {@code userAgentKey} (platforms count those only together).
   */
  static boolean identifiable(
      Predicate<String> has, Set<String> anyOf, String ipKey, String userAgentKey) {
    return anyOf.stream().anyMatch(has) || (has.test(ipKey) && has.test(userAgentKey));
  }

  @SuppressWarnings("unchecked")
  static void put(ObjectNode node, String key, Object value) {
    if (value instanceof List<?> list) {
      ArrayNode arr = node.putArray(key);
      ((List<String>) list).forEach(arr::add);
    } else if (value != null) {
      node.put(key, value.toString());
    }
  }

  static void putIfPresent(ObjectNode node, String key, String value) {
    if (value != null && !value.isBlank()) {
      node.put(key, value);
    }
  }

  static String clientIp(UserData u) {
    String ip = blankToNull(u.clientIp);
    return ip != null ? ip : blankToNull(u.ip);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * A pre-hashed client value (SHA-256 hex) that must not be sent where raw values are expected.
   */
  static boolean looksHashed(String s) {
    String v = blankToNull(s);
    return v != null && Sha256.isHex(v);
  }

  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");

  /** What is left of an email's local part besides dropping its {@code +alias}. */
  enum LocalPart {
    /** Microsoft: dots removed. */
    WITHOUT_DOTS,
    /** Reddit: every character but a-z and 0-9 removed ({@code Al.ice$+Apple} → {@code alice}). */
    ALPHANUMERIC
  }

  /**
   * SHA-256 of an email lowercased, with the local part's {@code +alias} removed and the local part
   * reduced as {@code localPart} says, for every domain, not only Gmail; a client-side SHA-256
   * passes through unchanged.
   */
  static String hashedEmailWithoutAlias(String raw, LocalPart localPart) {
    String c = Normalizers.clean(raw);
    if (c == null) {
      return null;
    }
    if (Sha256.isHex(c)) {
      return c.toLowerCase(Locale.ROOT);
    }
    String email = Normalizers.email(c);
    if (email == null) {
      return null;
    }
    int at = email.lastIndexOf('@');
    String local = email.substring(0, at);
    int plus = local.indexOf('+');
    if (plus >= 0) {
      local = local.substring(0, plus);
    }
    local =
        localPart == LocalPart.ALPHANUMERIC
            ? NOT_ALPHANUMERIC.matcher(local).replaceAll("")
            : local.replace(".", "");
    return local.isEmpty() ? null : Sha256.hex(local + email.substring(at));
  }

  // ---- commerce

  static List<Item> items(TrackEvent e) {
    if (e.items == null) {
      return List.of();
    }
    List<Item> out = new ArrayList<>(e.items.size());
    for (Item i : e.items) {
      if (i != null && i.id != null && !i.id.isBlank()) {
        out.add(i);
      }
    }
    return out;
  }

  static List<String> itemIds(TrackEvent e) {
    List<String> ids = new ArrayList<>();
    for (Item i : items(e)) {
      ids.add(i.id);
    }
    return ids;
  }

  /** {@code field}: the items' ids, in order. */
  static void putItemIds(ObjectNode parent, String field, List<Item> items) {
    ArrayNode ids = parent.putArray(field);
    for (Item i : items) {
      ids.add(i.id);
    }
  }

  /** {@code field}: one object per item, written by {@code fill}. */
  static void putItems(
      ObjectNode parent, String field, List<Item> items, BiConsumer<ObjectNode, Item> fill) {
    ArrayNode arr = parent.putArray(field);
    for (Item i : items) {
      fill.accept(arr.addObject(), i);
    }
  }

  /**
   * {@code field}: one object per item with its id, its quantity (1 when unset) and its unit price
   * when known, as JSON numbers, under the platform's key names.
   */
  static void putItems(
      ObjectNode parent,
      String field,
      List<Item> items,
      String idKey,
      String quantityKey,
      String priceKey) {
    putItems(
        parent,
        field,
        items,
        (o, i) -> {
          o.put(idKey, i.id);
          o.put(quantityKey, quantity(i));
          if (i.price != null) {
            o.put(priceKey, i.price);
          }
        });
  }

  static int quantity(Item i) {
    return i.quantity == null ? 1 : i.quantity;
  }

  /** Total units across items; null when the event has no items. */
  static Integer itemCount(TrackEvent e) {
    List<Item> items = items(e);
    if (items.isEmpty()) {
      return null;
    }
    int n = 0;
    for (Item i : items) {
      n += quantity(i);
    }
    return n;
  }

  static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }

  static String currency(TrackEvent e) {
    return e.currency == null ? null : e.currency.toUpperCase(Locale.ROOT);
  }

  static boolean hasValue(TrackEvent e) {
    return e.value != null;
  }
}
