package dev.tracklayer.api.auth;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Maps a token subject to its merchant and the merchant's status, creating the merchant on the
 * subject's first call.
 *
 * <p>Answers are kept for {@code tracklayer.merchants.cache-ttl} (30 s): every request needs one,
 * and a PostgreSQL round trip per request was a measurable share of the event endpoints' latency.
 * The expiry bounds how long a suspension, a reactivation or a deleted user's link takes to apply.
 */
@Service
public class MerchantDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(MerchantDirectory.class);
  private static final int MAX_CACHED = 10_000;

  private record Cached(Caller caller, long expiresAt) {}

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final long ttlNanos;

  public MerchantDirectory(
      JdbcClient jdbc, TransactionTemplate tx, MerchantsProperties properties) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.ttlNanos = properties.cacheTtl().toNanos();
  }

  /** The subject's merchant if it was resolved recently; never blocks. */
  public Optional<Caller> cached(String sub) {
    Cached hit = cache.get(sub);
    if (hit == null || hit.expiresAt() - System.nanoTime() < 0) {
      return Optional.empty();
    }
    return Optional.of(hit.caller());
  }

  /** Blocking. */
  public Caller resolve(String sub, String email) {
    Caller caller = lookUpOrProvision(sub, email);
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(sub, new Cached(caller, System.nanoTime() + ttlNanos));
    return caller;
  }

  private Caller lookUpOrProvision(String sub, String email) {
    Optional<Caller> known = find(sub);
    if (known.isPresent()) {
      return known.get();
    }
    // Two first calls of one subject race here: both create a merchant, the unique sub lets one
    // link win, and the loser rolls its merchant back and reads the winner's.
    Boolean created =
        tx.execute(
            status -> {
              UUID merchant =
                  jdbc.sql("INSERT INTO merchants (email) VALUES (:email) RETURNING id")
                      .param("email", email)
                      .query(UUID.class)
                      .single();
              Optional<UUID> linked =
                  jdbc.sql(
                          "INSERT INTO merchant_users (sub, merchant_id, email)"
                              + " VALUES (:sub, :merchant, :email)"
                              + " ON CONFLICT (sub) DO NOTHING RETURNING merchant_id")
                      .param("sub", sub)
                      .param("merchant", merchant)
                      .param("email", email)
                      .query(UUID.class)
                      .optional();
              if (linked.isEmpty()) {
                status.setRollbackOnly();
                return false;
              }
              LOG.info("provisioned merchant {} for a new user", merchant);
              return true;
            });
    return find(sub)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "merchant_users has no row for a subject just provisioned (" + created + ")"));
  }

  private Optional<Caller> find(String sub) {
    return jdbc.sql(
            "SELECT u.merchant_id, u.role, m.status FROM merchant_users u"
                + " JOIN merchants m ON m.id = u.merchant_id WHERE u.sub = :sub")
        .param("sub", sub)
        .query(
            (rs, n) ->
                new Caller(rs.getObject(1, UUID.class), sub, rs.getString(2), rs.getString(3)))
        .optional();
  }
}
