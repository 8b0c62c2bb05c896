package dev.tracklayer.ingest.testing;

import dev.tracklayer.core.identity.Sha256;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.UUID;

/** Merchants and API keys written straight into the test database, as the api-gateway would. */
public final class TestData {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String jdbcUrl;
  private final String user;

  public TestData(String jdbcUrl, String user) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
  }

  /** A new API key and the merchant it belongs to. */
  public record Key(String secret, String id, String merchantId) {}

  public String createMerchant(String status) {
    String id = UUID.randomUUID().toString();
    update("INSERT INTO merchants (id, name, status) VALUES (?::uuid, 'test', ?)", id, status);
    return id;
  }

  public Key createKey(String merchantId) {
    String secret = "tl_live_" + HexFormat.of().formatHex(randomBytes(16));
    String id = UUID.randomUUID().toString();
    update(
        "INSERT INTO api_keys (id, merchant_id, name, key_sha256, prefix)"
            + " VALUES (?::uuid, ?::uuid, 'test', ?, ?)",
        id,
        merchantId,
        Sha256.hex(secret),
        secret.substring(0, 12));
    return new Key(secret, id, merchantId);
  }

  public Key createMerchantWithKey() {
    return createKey(createMerchant("active"));
  }

  public void revoke(Key key) {
    update("UPDATE api_keys SET revoked_at = now() WHERE id = ?::uuid", key.id());
  }

  public void setMerchantStatus(String merchantId, String status) {
    update("UPDATE merchants SET status = ? WHERE id = ?::uuid", status, merchantId);
  }

  /** A plan as the api-gateway writes the catalog: a hard cap when {@code overageCents} is null. */
  public void createPlan(String id, long includedEvents, Integer overageCents) {
    update(
        "INSERT INTO plans (id, name, monthly_events, price_cents, overage_cents_per_1000)"
            + " VALUES (?, ?, ?, 0, ?)",
        id,
        id,
        includedEvents,
        overageCents);
  }

  public void setPlan(String merchantId, String planId) {
    update("UPDATE merchants SET plan_id = ? WHERE id = ?::uuid", planId, merchantId);
  }

  public void setSubscriptionStatus(String merchantId, String status) {
    update("UPDATE merchants SET subscription_status = ? WHERE id = ?::uuid", status, merchantId);
  }

  /** Sets usage_periods.events of the period starting on {@code periodStart} (ISO date). */
  public void setUsage(String merchantId, String periodStart, long events) {
    update(
        "INSERT INTO usage_periods (merchant_id, period_start, events) VALUES (?::uuid, ?::date, ?)"
            + " ON CONFLICT (merchant_id, period_start) DO UPDATE SET events = EXCLUDED.events",
        merchantId,
        periodStart,
        events);
  }

  /** usage_periods.events of the merchant, by period start (UTC date, ISO text). */
  public java.util.Map<String, Long> usage(String merchantId) {
    java.util.Map<String, Long> usage = new java.util.TreeMap<>();
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT period_start, events FROM usage_periods WHERE merchant_id = ?::uuid")) {
      s.setString(1, merchantId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          usage.put(rs.getDate(1).toLocalDate().toString(), rs.getLong(2));
        }
      }
      return usage;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public Timestamp lastUsedAt(Key key) {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT last_used_at FROM api_keys WHERE id = ?::uuid")) {
      s.setString(1, key.id());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getTimestamp(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void update(String sql, Object... args) {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] == null) {
          s.setNull(i + 1, java.sql.Types.INTEGER);
        } else {
          s.setObject(i + 1, args[i]);
        }
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, "");
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
