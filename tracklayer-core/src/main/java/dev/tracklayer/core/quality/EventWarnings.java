package dev.tracklayer.core.quality;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.destinations.StandardEvent;
import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.PipelineField;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.FieldRule;
import dev.tracklayer.core.identity.Normalization;
import dev.tracklayer.core.identity.Normalizers;
import dev.tracklayer.core.identity.UserDataField;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The warnings of an accepted event ({@link Warning} lists the codes), computed by the gateway once
 * the event is bound and completed (source, browser user_data). Cheap on purpose, as it runs for
 * every event: it walks the key names of the body's top level and user_data (no values, no second
 * parse), runs the email and phone normalizers only when those were sent, and hashes nothing.
 *
 * <p>no_matchable_identifier is platform-independent: only the pipeline knows a merchant's
 * connections, and this runs before the event reaches it. A server-side event (any source but
 * browser) gets it when it has no usable email or phone, no customer_id or external_ids, no browser
 * or click id, none of Meta's other ids (madid, fb_login_id, subscription_id, lead_id, anon_id,
 * ctwa_clid), and not both an IP address and a User-Agent.
 */
public final class EventWarnings {

  /** A body with many unknown keys is one mistake repeated: the first few say it. */
  static final int MAX_UNKNOWN_FIELDS = 10;

  /** Longer key names are cut in the path: a warning is not a place to store client text. */
  static final int MAX_NAME = 64;

  /** The top-level keys the validator reads: TrackEvent's JSON names less the pipeline's. */
  public static final Set<String> TOP_LEVEL_FIELDS = jsonNames(TrackEvent.class);

  /** The user_data keys the validator reads. */
  public static final Set<String> USER_DATA_FIELDS = jsonNames(UserData.class);

  // Hashed rules: a value that already is a SHA-256 digest counts as usable, as it does on Meta.
  private static final FieldRule EMAIL =
      FieldRule.hashed("em", UserDataField.EMAIL, Normalization.EMAIL);
  private static final FieldRule PHONE =
      FieldRule.hashed("ph", UserDataField.PHONE, Normalization.PHONE_DIGITS);

  private EventWarnings() {}

  /**
   * @param body the request body the event was bound from
   * @param event the event as it will be written (source and user_data final)
   * @return the warnings, or null when there are none (the record then carries no field)
   */
  public static List<Warning> of(JsonNode body, TrackEvent event) {
    List<Warning> out = unknownFields(null, body, TOP_LEVEL_FIELDS, "$.");
    JsonNode userDataNode = body.get("user_data");
    if (userDataNode != null && userDataNode.isObject()) {
      out = unknownFields(out, userDataNode, USER_DATA_FIELDS, "$.user_data.");
    }
    UserData u = event.userData;
    boolean email = u != null && u.email != null && EMAIL.present(u, null);
    boolean phone =
        u != null && u.phone != null && PHONE.present(u, Normalizers.country(u.country));
    if (u != null && u.email != null && !email) {
      out = add(out, Warning.EMAIL_UNUSABLE, "$.user_data.email");
    }
    if (u != null && u.phone != null && !phone) {
      out = add(out, Warning.PHONE_UNUSABLE, "$.user_data.phone");
    }
    if ((event.value == null || event.currency == null)
        && StandardEvent.of(event.eventName).orElse(null) == StandardEvent.PURCHASE) {
      out =
          add(out, Warning.PURCHASE_WITHOUT_VALUE, event.value == null ? "$.value" : "$.currency");
    }
    if ("browser".equals(event.source)) {
      if (u == null || u.browserIds == null || u.browserIds.fbp == null) {
        out = add(out, Warning.BROWSER_WITHOUT_FBP, "$.user_data.browser_ids.fbp");
      }
    } else if (!email && !phone && !otherIdentifier(u)) {
      out = add(out, Warning.NO_MATCHABLE_IDENTIFIER, "$.user_data");
    }
    return out;
  }

  private static List<Warning> unknownFields(
      List<Warning> out, JsonNode object, Set<String> known, String prefix) {
    int unknown = 0;
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name) && unknown++ < MAX_UNKNOWN_FIELDS) {
        out = add(out, Warning.UNKNOWN_FIELD, prefix + cut(name));
      }
    }
    return out;
  }

  private static String cut(String name) {
    if (name.length() <= MAX_NAME) {
      return name;
    }
    int end = MAX_NAME;
    if (Character.isHighSurrogate(name.charAt(end - 1))) {
      end--; // never half a character
    }
    return name.substring(0, end) + "…";
  }

  /** Beside email and phone. Blank values never get here: the validator binds them as absent. */
  private static boolean otherIdentifier(UserData u) {
    if (u == null) {
      return false;
    }
    return u.customerId != null
        || (u.externalIds != null && !u.externalIds.isEmpty())
        || anyBrowserId(u.browserIds)
        || u.madid != null
        || u.fbLoginId != null
        || u.subscriptionId != null
        || u.leadId != null
        || u.anonId != null
        || u.ctwaClid != null
        || ((u.clientIp != null || u.ip != null) && u.userAgent != null);
  }

  private static boolean anyBrowserId(BrowserIds b) {
    return b != null
        && (b.fbp != null
            || b.fbc != null
            || b.ttp != null
            || b.ttclid != null
            || b.gclid != null
            || b.gbraid != null
            || b.wbraid != null
            || b.msclkid != null
            || b.scClickId != null
            || b.epik != null
            || b.rdtCid != null
            || b.liFatId != null
            || b.twclid != null);
  }

  private static List<Warning> add(List<Warning> out, String code, String path) {
    List<Warning> list = out == null ? new ArrayList<>(2) : out;
    list.add(new Warning(code, path));
    return list;
  }

  /** The JSON names of a model class's fields that clients may send. */
  private static Set<String> jsonNames(Class<?> type) {
    Set<String> names = new HashSet<>();
    for (Field f : type.getFields()) {
      JsonProperty p = f.getAnnotation(JsonProperty.class);
      if (p != null
          && !Modifier.isStatic(f.getModifiers())
          && !f.isAnnotationPresent(PipelineField.class)) {
        names.add(p.value());
      }
    }
    return Set.copyOf(names);
  }
}
