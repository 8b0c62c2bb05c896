package dev.tracklayer.api.auth;

import java.time.Duration;
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
 * Maps a token subject to its merchant, creating the merchant on the subject's first call.
 *
 * <p>A subject's merchant never changes once linked, so answers are kept for a few minutes: every
 * request needs one, and a PostgreSQL round trip per request was a measurable share of the event
 * endpoints' latency. The expiry bounds how long a deleted user's link survives here.
 */
@Service
public class MerchantDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(MerchantDirectory.class);
  private static final long TTL_NANOS = Duration.ofMinutes(5).toNanos();
  private static final int MAX_CACHED = 10_000;

  private record Cached(Caller caller, long expiresAt) {}

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public MerchantDirectory(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
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
    cache.put(sub, new Cached(caller, System.nanoTime() + TTL_NANOS));
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
    return jdbc.sql("SELECT merchant_id, role FROM merchant_users WHERE sub = :sub")
        .param("sub", sub)
        .query((rs, n) -> new Caller(rs.getObject(1, UUID.class), sub, rs.getString(2)))
        .optional();
  }
}
