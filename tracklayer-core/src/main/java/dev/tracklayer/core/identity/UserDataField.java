package dev.tracklayer.core.identity;

import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.UserData;
import java.util.ArrayList;
import java.util.List;

/** Which user_data value or values an {@link FieldRule} reads. */
public enum UserDataField {
  EMAIL,
  PHONE,
  GENDER,
  DATE_OF_BIRTH,
  FIRST_NAME,
  LAST_NAME,
  CITY,
  STATE,
  /** zip, falling back to postal_code. */
  ZIP,
  COUNTRY,
  /** customer_id followed by every external_ids value: all of them, not alternatives. */
  CUSTOMER_IDS,
  /** client_ip, falling back to ip. */
  CLIENT_IP,
  USER_AGENT,
  MADID,
  FB_LOGIN_ID,
  SUBSCRIPTION_ID,
  LEAD_ID,
  ANON_ID,
  CTWA_CLID,
  FBP,
  FBC,
  TTP,
  TTCLID,
  GCLID,
  GBRAID,
  WBRAID,
  MSCLKID,
  SC_CLICK_ID,
  EPIK,
  RDT_CID,
  LI_FAT_ID,
  TWCLID;

  /**
   * True when every value read is a separate identifier (an array rule sends them all); false when
   * the values are alternatives in preference order (the first usable one wins).
   */
  public boolean multiValued() {
    return this == CUSTOMER_IDS;
  }

  /** Raw values in preference order; nulls are skipped, blanks are left for the normalizer. */
  public List<String> read(UserData u) {
    if (u == null) {
      return List.of();
    }
    BrowserIds b = u.browserIds;
    return switch (this) {
      case EMAIL -> one(u.email);
      case PHONE -> one(u.phone);
      case GENDER -> one(u.gender);
      case DATE_OF_BIRTH -> one(u.dateOfBirth);
      case FIRST_NAME -> one(u.firstName);
      case LAST_NAME -> one(u.lastName);
      case CITY -> one(u.city);
      case STATE -> one(u.state);
      case ZIP -> two(u.zip, u.postalCode);
      case COUNTRY -> one(u.country);
      case CUSTOMER_IDS -> customerIds(u);
      case CLIENT_IP -> two(u.clientIp, u.ip);
      case USER_AGENT -> one(u.userAgent);
      case MADID -> one(u.madid);
      case FB_LOGIN_ID -> one(u.fbLoginId);
      case SUBSCRIPTION_ID -> one(u.subscriptionId);
      case LEAD_ID -> one(u.leadId);
      case ANON_ID -> one(u.anonId);
      case CTWA_CLID -> one(u.ctwaClid);
      case FBP -> b == null ? List.of() : one(b.fbp);
      case FBC -> b == null ? List.of() : one(b.fbc);
      case TTP -> b == null ? List.of() : one(b.ttp);
      case TTCLID -> b == null ? List.of() : one(b.ttclid);
      case GCLID -> b == null ? List.of() : one(b.gclid);
      case GBRAID -> b == null ? List.of() : one(b.gbraid);
      case WBRAID -> b == null ? List.of() : one(b.wbraid);
      case MSCLKID -> b == null ? List.of() : one(b.msclkid);
      case SC_CLICK_ID -> b == null ? List.of() : one(b.scClickId);
      case EPIK -> b == null ? List.of() : one(b.epik);
      case RDT_CID -> b == null ? List.of() : one(b.rdtCid);
      case LI_FAT_ID -> b == null ? List.of() : one(b.liFatId);
      case TWCLID -> b == null ? List.of() : one(b.twclid);
    };
  }

  private static List<String> one(String v) {
    return v == null ? List.of() : List.of(v);
  }

  private static List<String> two(String first, String second) {
    if (first == null) {
      return one(second);
    }
    return second == null ? List.of(first) : List.of(first, second);
  }

  private static List<String> customerIds(UserData u) {
    List<String> ids = new ArrayList<>(1 + (u.externalIds == null ? 0 : u.externalIds.size()));
    if (u.customerId != null) {
      ids.add(u.customerId);
    }
    if (u.externalIds != null) {
      for (String id : u.externalIds) {
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
