package dev.tracklayer.flink.rollup;

import static dev.tracklayer.flink.rollup.RollupFixture.delivery;
import static dev.tracklayer.flink.rollup.RollupFixture.event;
import static dev.tracklayer.flink.rollup.RollupFixture.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.flink.Checkpoints;
import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stop the rollup after a checkpoint, start it again from it at a higher parallelism, and feed
 * everything again (as a pipeline restart re-sends what it emitted since its own checkpoint): the
 * totals do not move, the one new event counts once, the customer's funnel row keeps its starts and
 * takes the new stage, and the hour is still built.
 */
class RollupRecoveryTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long MIN = 60_000;
  private static final long H = Buckets.hour(System.currentTimeMillis()) - 3 * Buckets.HOUR;
  private static final String M = "merchant-r";
  private static RollupFixture fx;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new RollupFixture();
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  private static JobClient startJob(Optional<Path> fromCheckpoint, int parallelism)
      throws Exception {
    Configuration conf = new Configuration();
    fromCheckpoint.ifPresent(
        chk -> conf.setString("execution.state-recovery.path", chk.toUri().toString()));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    RollupJob.configure(env, fx.settings);
    RollupJob.build(env, fx.settings, RollupJob.realSources(fx.settings));
    return env.executeAsync("rollup-recovery-test");
  }

  /** events, revenue, deliveries of the merchant over all minutes, last version per key. */
  private static String totals() {
    long events = sum(Tables.EVENTS, "events");
    String revenue =
        fx.clickHouse
            .query(
                ClickHouseSql.bind(
                    "SELECT toString(sum(r)) AS s FROM (SELECT argMax(revenue, version) AS r FROM"
                        + " analytics_events_minute WHERE merchant_id = ? GROUP BY bucket,"
                        + " event_name, source, currency)",
                    M))
            .get(0)
            .get("s")
            .asText();
    long deliveries = sum(Tables.DELIVERIES, "deliveries");
    long orders = sum(Tables.ATTRIBUTION, "orders");
    return events
        + " events, "
        + revenue
        + " revenue, "
        + deliveries
        + " deliveries, "
        + orders
        + " orders";
  }

  private static long sum(String table, String column) {
    String dims = String.join(", ", Tables.dimensions(table));
    return fx.clickHouse
        .query(
            ClickHouseSql.bind(
                "SELECT sum(x) AS s FROM (SELECT argMax("
                    + column
                    + ", version) AS x FROM "
                    + table
                    + " WHERE merchant_id = ? GROUP BY bucket, "
                    + dims
                    + ")",
                M))
        .get(0)
        .get("s")
        .asLong();
  }

  /** The customer's funnel starts (epoch seconds, per stage) as readers see them: max per stage. */
  private static String funnel(String customer) {
    StringBuilder select = new StringBuilder("SELECT count() AS n");
    for (int k = 1; k <= 6; k++) {
      select.append(", toUInt32(max(start_").append(k).append(")) AS s").append(k);
    }
    var row =
        fx.clickHouse
            .query(
                ClickHouseSql.bind(
                    select
                        + " FROM analytics_funnel_customers"
                        + " WHERE merchant_id = ? AND customer_key = ?",
                    M,
                    customer))
            .get(0);
    if (row.get("n").asLong() == 0) {
      return "none";
    }
    List<String> starts = new ArrayList<>();
    for (int k = 1; k <= 6; k++) {
      starts.add(row.get("s" + k).asText());
    }
    return String.join(",", starts);
  }

  private static AcceptedEvent stage(String name, long at, long received) {
    AcceptedEvent e = event(M, "funnel-" + name, name, at, received);
    e.customerKey = "em:funnel";
    return e;
  }

  @Test
  void aRestartFromCheckpointAndAReplayCountNothingTwice() throws Exception {
    List<AcceptedEvent> events = new ArrayList<>();
    List<DeliveryResult> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long at = H + (1 + i % 3) * MIN + i * 1000;
      AcceptedEvent e = purchase(M, "order-" + i, "10.50", at, at + 500);
      e.customerKey = "em:c" + i;
      events.add(e);
      results.add(delivery(e, "meta", "DELIVERED", at + 2000, 1500));
    }
    // A customer's first three funnel stages, the third sent first.
    events.add(stage("add_to_cart", H + 3 * MIN, H + 3 * MIN + 500));
    events.add(stage("page_view", H + MIN, H + 3 * MIN + 600));
    events.add(stage("view_content", H + 2 * MIN, H + 3 * MIN + 700));
    long pageView = (H + MIN) / 1000;
    String threeStages = pageView + "," + pageView + "," + pageView + ",0,0,0";
    // At parallelism 1 every operator chains into one task; the restart runs at 2, as a stack does
    // after its parallelism was raised: the checkpoint's state must map onto the split tasks.
    JobClient job = startJob(Optional.empty(), 1);
    JobClient restarted = null;
    try {
      fx.send(events.toArray(AcceptedEvent[]::new));
      fx.send(results.toArray(DeliveryResult[]::new));
      fx.send(event("tick", "tick-1", "page_view", H + 10 * MIN, H + 10 * MIN));
      String expected = "13 events, 105.0000 revenue, 10 deliveries, 10 orders";
      Eventually.eventually(WAIT, () -> assertThat(totals()).isEqualTo(expected));
      Eventually.eventually(WAIT, () -> assertThat(funnel("em:funnel")).isEqualTo(threeStages));

      // A checkpoint taken after all of them were counted.
      Path seen = Checkpoints.latest(fx.settings.checkpointDir()).orElse(null);
      Eventually.eventually(
          Duration.ofSeconds(30),
          () ->
              assertThat(Checkpoints.latest(fx.settings.checkpointDir()))
                  .isPresent()
                  .get()
                  .isNotEqualTo(seen));
      Path checkpoint = Checkpoints.latest(fx.settings.checkpointDir()).orElseThrow();
      job.cancel().get();
      job = null;

      restarted = startJob(Optional.of(checkpoint), 2);
      // Everything again, as the pipeline re-sends it, and one new purchase.
      fx.send(events.toArray(AcceptedEvent[]::new));
      fx.send(results.toArray(DeliveryResult[]::new));
      AcceptedEvent fresh = purchase(M, "order-new", "1", H + 2 * MIN, H + 12 * MIN);
      fx.send(fresh);
      fx.send(stage("initiate_checkout", H + 4 * MIN, H + 12 * MIN));
      fx.send(event("tick", "tick-2", "page_view", H + 13 * MIN, H + 13 * MIN));
      String after = "15 events, 106.0000 revenue, 10 deliveries, 11 orders";
      Eventually.eventually(WAIT, () -> assertThat(totals()).isEqualTo(after));
      // The replayed stages changed nothing; the new one extends the run from the same start.
      String fourStages = pageView + "," + pageView + "," + pageView + "," + pageView + ",0,0";
      Eventually.eventually(WAIT, () -> assertThat(funnel("em:funnel")).isEqualTo(fourStages));

      // The hour closes after the restart: it is built from the minutes, once.
      fx.send(event("tick", "tick-3", "page_view", H + 80 * MIN, H + 80 * MIN));
      Eventually.eventually(
          WAIT,
          () -> {
            long hourlyEvents =
                fx.clickHouse
                    .query(
                        ClickHouseSql.bind(
                            "SELECT sum(events) AS s FROM analytics_events_hourly FINAL"
                                + " WHERE merchant_id = ?",
                            M))
                    .get(0)
                    .get("s")
                    .asLong();
            assertThat(hourlyEvents).isEqualTo(15);
          });
      Thread.sleep(1500);
      assertThat(totals()).isEqualTo(after);
      assertThat(funnel("em:funnel")).isEqualTo(fourStages);
      assertThat(fx.listedBuilds()).containsAll(fx.heldBuilds());
    } finally {
      if (job != null) {
        job.cancel().get();
      }
      if (restarted != null) {
        restarted.cancel().get();
      }
    }
  }
}
