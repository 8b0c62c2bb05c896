package dev.tracklayer.core.analytics;

import java.util.List;

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

  public int bit() {
    return 1 << ordinal();
  }

  public boolean in(int mask) {
    return (mask & bit()) != 0;
  }
}
