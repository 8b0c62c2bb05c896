package dev.tracklayer.flink.pipeline;

import static dev.tracklayer.flink.pipeline.Eventually.eventually;
import static dev.tracklayer.flink.pipeline.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.flink.replay.ReplayJob;
import dev.tracklayer.flink.replay.ReplaySettings;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays of a window of events.raw, the two ways docs/operations.md describes: the bounded {@link
 * ReplayJob} (new ids, the live job's state untouched) and a new pipeline job started from a
 * timestamp with empty state (the same ids again, for after a bug in an adapter).
 */
class PipelineReplayTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .build());

  private static final Map<String, String> META =
      Map.of("pixel_id", "4242", "access_token", "replay-token");
  private static final long HOUR = 3_600_000;

  private static PipelineFixture fx;
  private static JobClient live;
  private static String merchant;
  private static String other;
  private static long t0;
  private static final List<List<String>> windows = new ArrayList<>();

  /** Five purchases in each of three hours of record time, sent while the live job runs. */
  @BeforeAll
  static void start(@InjectMiniCluster MiniCluster cluster) throws Exception {
    fx = new PipelineFixture();
    merchant = fx.merchant(Map.of("meta", META), List.of());
    other = fx.merchant(Map.of("meta", META), List.of());
    StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, 2);
    PipelineJob.configure(env, fx.settings);
    PipelineJob.build(
        env, fx.settings, PipelineJob.realSources(fx.settings), PipelineJob.realSinks(fx.settings));
    live = env.executeAsync("pipeline-replay-test");

    t0 = System.currentTimeMillis() - 3 * HOUR;
    for (int w = 0; w < 3; w++) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String id = "w" + w + "-" + i;
        ids.add(id);
        fx.sendAt(t0 + w * HOUR + i, event(merchant, id, "purchase"));
      }
      windows.add(ids);
    }
    // In the middle window too: a client's re-send of one of them, a lead, another merchant's.
    fx.sendAt(t0 + HOUR + 10, event(merchant, "w1-0", "purchase"));
    fx.sendAt(t0 + HOUR + 11, event(merchant, "w1-lead", "lead"));
    fx.sendAt(t0 + HOUR + 12, event(other, "w1-other", "purchase"));
    eventually(
        Duration.ofSeconds(60),
        () -> {
          for (List<String> ids : windows) {
            ids.forEach(id -> assertThat(received(id)).as(id).isEqualTo(1));
          }
          assertThat(received("w1-other")).isEqualTo(1);
        });
  }

  @AfterAll
  static void stop() throws Exception {
    if (live != null) {
      live.cancel().get();
    }
    fx.close();
  }

  private static long received(String eventId) {
    return fx.platforms.receivedIds("meta").stream().filter(eventId::equals).count();
  }

  private static ReplaySettings middleWindow(String... extra) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--from",
            Long.toString((t0 + HOUR) / 1000 - 60),
            "--to",
            Long.toString((t0 + HOUR) / 1000 + 60),
            "--merchant",
            merchant,
            "--events",
            "purchase"));
    args.addAll(List.of(extra));
    return ReplaySettings.parse(args.toArray(String[]::new), fx.environment(), Instant.now());
  }

  @Test
  void theReplayJobRedeliversExactlyTheWindowsEventsOnceEachUnderNewIds(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    int rawBefore = fx.readTopic("events.raw", Integer.MAX_VALUE, 2_000).size();
    ReplaySettings dry = middleWindow("--dry-run");
    assertThat(ReplayJob.run(new TestStreamEnvironment(cluster, 1), dry))
        .containsExactly(Map.entry(merchant + " purchase", 5L));
    assertThat(fx.readTopic("events.raw", Integer.MAX_VALUE, 2_000)).hasSize(rawBefore);

    ReplaySettings replay = middleWindow();
    assertThat(ReplayJob.run(new TestStreamEnvironment(cluster, 1), replay))
        .containsExactly(Map.entry(merchant + " purchase", 5L));
    List<String> expected =
        windows.get(1).stream().map(id -> id + "-replay-" + replay.run()).toList();
    eventually(
        Duration.ofSeconds(60),
        () -> expected.forEach(id -> assertThat(received(id)).as(id).isEqualTo(1)));
    // The same run again (as after a crash midway): the same ids, which the live dedup drops.
    ReplaySettings again = middleWindow("--run", Long.toString(replay.run()));
    assertThat(ReplayJob.run(new TestStreamEnvironment(cluster, 1), again))
        .containsExactly(Map.entry(merchant + " purchase", 5L));
    // Processed by the live job within a few seconds (as the first copies were): none goes out.
    Thread.sleep(5_000);
    expected.forEach(id -> assertThat(received(id)).as(id).isEqualTo(1));
    assertThat(fx.platforms.receivedIds("meta"))
        .filteredOn(id -> id.contains("-replay-"))
        .containsExactlyInAnyOrderElementsOf(expected);
    // What GET /v1/events shows: each copy with the original's id in replay_of.
    eventually(
        Duration.ofSeconds(30),
        () ->
            assertThat(
                    fx.clickHouse.query(
                        ClickHouseSql.bind(
                            "SELECT event_id, replay_of FROM events FINAL"
                                + " WHERE merchant_id = ? AND notEmpty(replay_of) ORDER BY event_id",
                            merchant)))
                .extracting(r -> r.get("event_id").asText() + "<" + r.get("replay_of").asText())
                .containsExactlyElementsOf(
                    windows.get(1).stream()
                        .map(id -> id + "-replay-" + replay.run() + "<" + id)
                        .sorted()
                        .toList()));
  }

  /**
   * Reprocessing: a new pipeline job with empty state and its own consumer group, started from a
   * timestamp, sends every event from then on again under its own id.
   */
  @Test
  void aNewJobFromATimestampWithEmptyStateSendsTheEventsAgain(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("TRACKLAYER_PIPELINE_GROUP", "reprocess-" + t0);
    overrides.put("TRACKLAYER_PIPELINE_START_FROM", "timestamp:" + (t0 + 2 * HOUR - 60_000));
    overrides.put(
        "TRACKLAYER_FLINK_CHECKPOINT_DIR",
        Files.createTempDirectory("reprocess-").toUri().toString());
    PipelineSettings settings = fx.settingsWith(overrides);
    StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, 1);
    PipelineJob.configure(env, settings);
    PipelineJob.build(
        env, settings, PipelineJob.realSources(settings), PipelineJob.realSinks(settings));
    JobClient reprocess = env.executeAsync("pipeline-reprocess-test");
    try {
      eventually(
          Duration.ofSeconds(60),
          () -> windows.get(2).forEach(id -> assertThat(received(id)).as(id).isEqualTo(2)));
      windows.get(0).forEach(id -> assertThat(received(id)).as(id).isEqualTo(1));
    } finally {
      reprocess.cancel().get();
    }
  }

  @Test
  void badArgumentsSayWhatIsExpected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ReplaySettings.parse(new String[] {"--to", "100"}, Map.of(), Instant.now()))
        .hasMessageContaining("--from is required")
        .hasMessageContaining("usage: replay");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ReplaySettings.parse(new String[] {"--from", "yesterday"}, Map.of(), Instant.now()))
        .hasMessageContaining("not an ISO-8601 instant");
  }
}
