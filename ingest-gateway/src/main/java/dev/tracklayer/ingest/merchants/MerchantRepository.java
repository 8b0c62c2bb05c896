package dev.tracklayer.ingest.merchants;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** merchants.status as the browser endpoint needs it. Blocking JDBC. */
@Repository
public class MerchantRepository {
  private final JdbcTemplate jdbc;

  public MerchantRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The merchant's status ('active', 'suspended'), or empty when there is no such merchant. */
  public Optional<String> findStatus(String merchantId) {
    List<String> rows =
        jdbc.queryForList(
            "SELECT status FROM merchants WHERE id = ?", String.class, UUID.fromString(merchantId));
    return rows.stream().findFirst();
  }
}
