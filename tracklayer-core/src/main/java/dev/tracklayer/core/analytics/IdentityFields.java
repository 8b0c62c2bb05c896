package dev.tracklayer.core.analytics;

import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.UserData;
import java.util.List;
import java.util.Locale;

/**
 * The user_data fields the analytics count per event (completeness, match quality), as bits of one
 * int: the pipeline sets them on {@code events.accepted} and {@code deliveries.results} records,
 * the rollup job sums them into the {@code with_*} columns named here.
 */
public enum IdentityFields {
  EMAIL("with_email"),
  PHONE("with_phone"),
  NAME("with_name"),
  ADDRESS("with_address"),
  EXTERNAL_ID("with_external_id"),
  IP("with_ip"),
  USER_AGENT("with_user_agent"),
  FBP("with_fbp"),
  FBC("with_fbc"),
  CLICK_ID("with_click_id");

  /** Every field, in bit order. */
  public static final List<IdentityFields> ALL = List.of(values());

  private final String column;

  IdentityFields(String column) {
    this.column = column;
  }

  /** The ClickHouse column of the analytics tables that counts events carrying this field. */
  public String column() {
    return column;
  }

  /**
   * The field's name in the API's answers: the identity flags of an event (its {@code has_<key>}
   * column) and the quality endpoint's completeness, e.g. {@code email}, {@code click_id}.
   */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public int bit() {
    return 1 << ordinal();
  }

  public boolean in(int mask) {
    return (mask & bit()) != 0;
  }

  /**
   * The fields an event's user_data carries, as bits: the one definition behind the events table's
   * {@code has_*} columns and the analytics' {@code with_*} counts. A field counts when it was sent
   * non-blank (whether it normalizes is the warnings' business, not this count's).
   */
  public static int of(UserData u) {
    if (u == null) {
      return 0;
    }
    int mask = 0;
    mask |= bit(EMAIL, sent(u.email));
    mask |= bit(PHONE, sent(u.phone));
    mask |= bit(NAME, sent(u.firstName) || sent(u.lastName));
    mask |= bit(ADDRESS, sent(u.city) || sent(u.state) || sent(u.zip) || sent(u.postalCode));
    mask |=
        bit(EXTERNAL_ID, sent(u.customerId) || (u.externalIds != null && !u.externalIds.isEmpty()));
    mask |= bit(IP, sent(u.clientIp) || sent(u.ip));
    mask |= bit(USER_AGENT, sent(u.userAgent));
    BrowserIds b = u.browserIds;
    if (b != null) {
      mask |= bit(FBP, sent(b.fbp));
      mask |= bit(FBC, sent(b.fbc));
      mask |=
          bit(
              CLICK_ID,
              sent(b.fbc)
                  || sent(b.ttclid)
                  || sent(b.gclid)
                  || sent(b.gbraid)
                  || sent(b.wbraid)
                  || sent(b.msclkid)
                  || sent(b.scClickId)
                  || sent(b.epik)
                  || sent(b.rdtCid)
                  || sent(b.liFatId)
                  || sent(b.twclid));
    }
    return mask;
  }

  private static int bit(IdentityFields field, boolean present) {
    return present ? field.bit() : 0;
  }

  private static boolean sent(String s) {
    return s != null && !s.isBlank();
  }
}
