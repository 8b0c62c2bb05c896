package dev.tracklayer.flink.pipeline;

import static dev.tracklayer.flink.pipeline.Eventually.eventually;
import static dev.tracklayer.flink.pipeline.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.TrackEvent;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The upgrade path of {@code ./tracklayer flink upgrade}: stop the running pipeline with a
 * savepoint, build the job afresh (as a new jar does) and start it from that savepoint without
 * allowing non-restored state. The 24 h dedup marks and the merchants' routing configuration come
 * back with it.
 */
class PipelineSavepointTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static PipelineFixture fx;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new PipelineFixture();
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  /** The job as a fresh build submits it: every operator's state must find its operator. */
  private static JobClient start(String savepoint) throws Exception {
    Configuration conf = new Configuration();
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    new PipelineJob(fx.settings).define(env);
    return env.executeAsync("pipeline-savepoint-test");
  }

  /** Stop-with-savepoint; retried while a task still declines it as it starts up. */
  private static String stopWithSavepoint(JobClient job) throws Exception {
    String dir = Files.createTempDirectory("savepoints-").toUri().toString();
    for (int attempt = 1; ; attempt++) {
      try {
        return job.stopWithSavepoint(false, dir, SavepointFormatType.CANONICAL).get();
      } catch (ExecutionException e) {
        if (attempt == 10) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  private static long received(String platform, String eventId) {
    return fx.platforms.receivedIds(platform).stream().filter(eventId::equals).count();
  }

  @Test
  void aSavepointRestoresDedupAndRoutingIntoAFreshlyBuiltJob() throws Exception {
    String merchant =
        fx.merchant(
            Map.of(
                "meta", Map.of("pixel_id", "901", "access_token", "tok"),
                "tiktok", Map.of("pixel_code", "C9", "access_token", "tt")),
            List.of());
    List<String> platforms = List.of("meta", "tiktok");
    JobClient job = start(null);
    JobClient upgraded = null;
    try {
      List<TrackEvent> old = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        old.add(event(merchant, "old-" + i, "purchase"));
      }
      fx.send(old.toArray(TrackEvent[]::new));
      // Settled, not only received: a delivery whose answer the job has not yet taken in is in
      // the savepoint as in flight, and sent again after the restore (at-least-once).
      eventually(
          Duration.ofSeconds(60),
          () ->
              old.forEach(
                  e ->
                      assertThat(fx.deliveries(merchant, e.eventId))
                          .containsOnlyKeys(platforms)
                          .allSatisfy(
                              (p, d) ->
                                  assertThat(d.get("status").asText()).isEqualTo("DELIVERED"))));
      old.forEach(e -> platforms.forEach(p -> assertThat(received(p, e.eventId)).isEqualTo(1)));

      String savepoint = stopWithSavepoint(job);
      job = null;

      // The merchant's connections now exist only in the savepoint's routing state: a job that
      // re-read PostgreSQL on start would find none and deliver nothing.
      try (Connection c = DriverManager.getConnection(fx.postgresUrl, "postgres", "");
          PreparedStatement s =
              c.prepareStatement("DELETE FROM platform_connections WHERE merchant_id = ?::uuid")) {
        s.setString(1, merchant);
        assertThat(s.executeUpdate()).isEqualTo(2);
      }

      upgraded = start(savepoint);
      // The same events again (a client retrying), then new ones after them on every partition.
      fx.send(old.toArray(TrackEvent[]::new));
      List<TrackEvent> fresh = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        fresh.add(event(merchant, "new-" + i, "purchase"));
      }
      fx.send(fresh.toArray(TrackEvent[]::new));
      eventually(
          Duration.ofSeconds(60),
          () ->
              fresh.forEach(
                  e ->
                      platforms.forEach(
                          p -> assertThat(received(p, e.eventId)).as(p).isEqualTo(1))));
      Thread.sleep(2000);
      for (TrackEvent e : old) {
        for (String p : platforms) {
          assertThat(received(p, e.eventId)).as("%s to %s", e.eventId, p).isEqualTo(1);
        }
      }
    } finally {
      if (job != null) {
        job.cancel().get();
      }
      if (upgraded != null) {
        upgraded.cancel().get();
      }
    }
  }
}
