package dev.tracklayer.api.auth;

import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Maps a token subject to its merchant, creating the merchant on the subject's first call. */
@Service
public class MerchantDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(MerchantDirectory.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public MerchantDirectory(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  /** Blocking. */
  public Caller resolve(String sub, String email) {
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
