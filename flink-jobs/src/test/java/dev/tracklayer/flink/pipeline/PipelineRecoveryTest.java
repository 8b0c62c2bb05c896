package dev.tracklayer.flink.pipeline;

import static dev.tracklayer.flink.pipeline.Eventually.eventually;
import static dev.tracklayer.flink.pipeline.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.Checkpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
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
 * Cancel the job mid-stream and start it again from its last checkpoint: every accepted event is
 * still delivered, and the dedup state survives (an event seen before the checkpoint and sent again
 * after the restart is not delivered twice).
 */
class PipelineRecoveryTest {
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

  private static JobClient startJob(Optional<Path> fromCheckpoint) throws Exception {
    Configuration conf = new Configuration();
    fromCheckpoint.ifPresent(
        chk -> conf.setString("execution.state-recovery.path", chk.toUri().toString()));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    PipelineJob.configure(env, fx.settings);
    PipelineJob.build(
        env, fx.settings, PipelineJob.realSources(fx.settings), PipelineJob.realSinks(fx.settings));
    return env.executeAsync("pipeline-recovery-test");
  }

  /**
   * A checkpoint whose barriers left the sources after this call: the second to complete from now
   * (the first may have been under way already, its barrier ahead of what was just processed).
   */
  private static Path checkpointAfterNow() throws Exception {
    Path checkpoint = null;
    for (int i = 0; i < 2; i++) {
      Path seen = Checkpoints.latest(fx.settings.checkpointDir()).orElse(null);
      eventually(
          Duration.ofSeconds(30),
          () ->
              assertThat(Checkpoints.latest(fx.settings.checkpointDir()))
                  .isPresent()
                  .get()
                  .isNotEqualTo(seen));
      checkpoint = Checkpoints.latest(fx.settings.checkpointDir()).orElseThrow();
    }
    return checkpoint;
  }

  /** A savepoint of the running job; retried while a task still declines it as it starts up. */
  private static String savepoint(JobClient job) throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("savepoints-");
    for (int attempt = 1; ; attempt++) {
      try {
        return job.triggerSavepoint(dir.toUri().toString(), SavepointFormatType.CANONICAL).get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (attempt == 10) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  private static long received(String eventId) {
    return fx.platforms.receivedIds("meta").stream().filter(eventId::equals).count();
  }

  @Test
  void restartsFromTheLastCheckpointWithoutLosingOrRepeatingEvents() throws Exception {
    String merchant =
        fx.merchant(Map.of("meta", Map.of("pixel_id", "777", "access_token", "tok")), List.of());
    JobClient job = startJob(Optional.empty());

    List<TrackEvent> before = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      before.add(event(merchant, "before-" + i, "purchase"));
    }
    fx.send(before.toArray(TrackEvent[]::new));
    eventually(
        Duration.ofSeconds(60),
        () -> before.forEach(e -> assertThat(received(e.eventId)).isEqualTo(1)));

    Path checkpoint = checkpointAfterNow();
    job.cancel().get();

    // Accepted while the job is down.
    List<TrackEvent> during = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      during.add(event(merchant, "during-" + i, "purchase"));
    }
    fx.send(during.toArray(TrackEvent[]::new));

    JobClient restarted = startJob(Optional.of(checkpoint));
    try {
      // A copy of an event from before the checkpoint: the restored dedup state drops it.
      fx.send(event(merchant, "before-3", "purchase"));
      fx.send(event(merchant, "after-restart", "lead"));
      eventually(
          Duration.ofSeconds(60),
          () -> {
            during.forEach(e -> assertThat(received(e.eventId)).as(e.eventId).isEqualTo(1));
            assertThat(received("after-restart")).isEqualTo(1);
          });
      assertThat(received("before-3")).isEqualTo(1);
    } finally {
      restarted.cancel().get();
    }
  }

  /**
   * Deliveries waiting for a platform that is down are keyed state: the job is cancelled while they
   * wait, and the job started from the checkpoint delivers them once the platform is back.
   */
  @Test
  void deliveriesWaitingForAPlatformResumeAfterARestart() throws Exception {
    String merchant =
        fx.merchant(
            Map.of("snapchat", Map.of("pixel_id", "snap-9", "access_token", "snap")), List.of());
    fx.platforms.down("snapchat");
    JobClient job = startJob(Optional.empty());
    List<String> ids = new ArrayList<>();
    JobClient restarted = null;
    try {
      for (int i = 0; i < 20; i++) {
        ids.add("waiting-" + i);
        fx.send(event(merchant, "waiting-" + i, "purchase"));
      }
      // All of them wait in the connection's backlog (its breaker open) ...
      eventually(
          Duration.ofSeconds(60),
          () ->
              assertThat(
                      fx.clickHouse.query(
                          ClickHouseSql.bind(
                              "SELECT status, backlog FROM connection_health FINAL"
                                  + " WHERE merchant_id = ?",
                              merchant)))
                  .singleElement()
                  .satisfies(h -> assertThat(h.get("backlog").asLong()).isEqualTo(20)));
      // ... before the checkpoint the restart starts from.
      Path checkpoint = checkpointAfterNow();
      job.cancel().get();
      job = null;
      assertThat(fx.platforms.receivedIds("snapchat")).doesNotContainAnyElementsOf(ids);

      fx.platforms.up("snapchat");
      restarted = startJob(Optional.of(checkpoint));
      eventually(
          Duration.ofSeconds(60),
          () -> assertThat(fx.platforms.receivedIds("snapchat")).containsAll(ids));
    } finally {
      fx.platforms.up("snapchat");
      if (job != null) {
        job.cancel().get();
      }
      if (restarted != null) {
        restarted.cancel().get();
      }
    }
  }

  /**
   * A restart from before a delivery re-sends it (at-least-once). When the re-send is refused, the
   * delivery keeps the state it settled at: DELIVERED in the table and in the dashboard's lookups,
   * and the refusal is on the results topic as an attempt.
   */
  @Test
  void aDeliveredEventStaysDeliveredWhenARecoveryResendsItAndFails() throws Exception {
    String merchant =
        fx.merchant(Map.of("meta", Map.of("pixel_id", "778", "access_token", "tok")), List.of());
    JobClient job = startJob(Optional.empty());
    JobClient restarted = null;
    try {
      // The job's state from before the event arrived.
      // Settled, not only received: a savepoint taken before the operator read Meta's answer
      // would make the restored job send the warm-up again and spend the refusal below on it.
      fx.send(event(merchant, "warm-up", "lead"));
      eventually(
          Duration.ofSeconds(60),
          () ->
              assertThat(fx.deliveries(merchant, "warm-up"))
                  .hasEntrySatisfying(
                      "meta", d -> assertThat(d.get("status").asText()).isEqualTo("DELIVERED")));
      String savepoint = savepoint(job);

      fx.send(event(merchant, "settled", "purchase"));
      eventually(
          Duration.ofSeconds(60),
          () ->
              assertThat(fx.deliveries(merchant, "settled"))
                  .hasEntrySatisfying(
                      "meta", d -> assertThat(d.get("status").asText()).isEqualTo("DELIVERED")));
      job.cancel().get();
      job = null;

      // Meta refuses the re-send for good.
      fx.platforms.failNext("meta", 1, 400, "{\"error\":{\"message\":\"Invalid\"}}", null);
      restarted = startJob(Optional.of(Path.of(java.net.URI.create(savepoint))));
      eventually(
          Duration.ofSeconds(60),
          () ->
              assertThat(fx.history(merchant, "settled", "meta")).contains("DELIVERED", "FAILED"));
      assertThat(fx.deliveries(merchant, "settled").get("meta").get("status").asText())
          .isEqualTo("DELIVERED");
      assertThat(
              fx.clickHouse.query(
                  ClickHouseSql.bind(
                      "SELECT argMax(status, version) AS state FROM delivery_index"
                          + " WHERE merchant_id = ? AND event_id = ? GROUP BY platform",
                      merchant,
                      "settled")))
          .extracting(r -> r.get("state").asText())
          .containsOnly("DELIVERED");
    } finally {
      fx.platforms.up("meta");
      if (job != null) {
        job.cancel().get();
      }
      if (restarted != null) {
        restarted.cancel().get();
      }
    }
  }
}
