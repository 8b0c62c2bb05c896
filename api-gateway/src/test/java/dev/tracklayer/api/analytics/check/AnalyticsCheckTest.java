package dev.tracklayer.api.analytics.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.api.support.AnalyticsSeed;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code ./tracklayer analytics check} against the running gateway: rollups that agree with the raw
 * tables give no difference for any range, and a rollup row that counts wrong is named.
 */
class AnalyticsCheckTest extends ApiIntegrationTest {
  @LocalServerPort int port;

  @Test
  void agreesWithRollupsMadeFromTheRawRowsAndNamesOneThatDrifts() throws Exception {
    String merchant = merchantId();
    long now = Instant.now().getEpochSecond();
    AnalyticsSeed.load(clickhouse, merchant, 3_000, now, 17);
    AnalyticsSeed.markBuilt(clickhouse, now);
    AnalyticsCheck check =
        new AnalyticsCheck(
            "http://127.0.0.1:" + port,
            Tokens.SECRET,
            new RawAnalytics(clickhouse, Duration.ofHours(1)));
    for (String range : AnalyticsCheck.RANGES) {
      assertThat(check.run(merchant, sub, range)).as(range).isEmpty();
      // Every endpoint's answer was read: an answer whose fields the check misread compares
      // nothing.
      assertThat(check.compared)
          .as(range)
          .hasSize(7)
          .allSatisfy((e, n) -> assertThat(n).isPositive());
    }

    // A later firing of the newest purchase minute that counts one purchase too many.
    clickhouse.execute(
        ClickHouseSql.bind(
            "INSERT INTO analytics_events_minute SELECT merchant_id, bucket, event_name, source,"
                + " currency, events + 1, late_events, with_value, revenue, with_email, with_phone,"
                + " with_name, with_address, with_external_id, with_ip, with_user_agent, with_fbp,"
                + " with_fbc, with_click_id, version + 1 FROM analytics_events_minute"
                + " WHERE merchant_id = ? AND event_name = ? ORDER BY bucket DESC LIMIT 1",
            merchant,
            "purchase"));
    assertThat(check.run(merchant, sub, "90d"))
        .anyMatch(d -> d.startsWith("overview events: raw "))
        .anyMatch(d -> d.startsWith("funnel?by=customer funnel.purchase: raw "));
  }
}
