package dev.tracklayer.flink.pipeline.functions;

import static dev.tracklayer.flink.pipeline.functions.TestEvents.config;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.connection;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.event;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouteEventFunctionTest {
  private KeyedBroadcastOperatorTestHarness<String, TrackEvent, MerchantConfig, DeliveryResult>
      harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new RouteEventFunction(Duration.ofSeconds(5)),
            new EventKey(),
            Types.STRING,
            RouteEventFunction.CONFIGS);
    harness.setProcessingTime(0);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  /** Tasks of every platform's side output, in platform order. */
  private List<String> tasks() {
    return dev.tracklayer.core.destinations.DestinationAdapters.PLATFORMS.stream()
        .map(p -> harness.getSideOutput(RouteEventFunction.tasksFor(p)))
        .filter(Objects::nonNull)
        .flatMap(q -> q.stream().map(StreamRecord::getValue))
        .map((DeliveryTask t) -> t.event.eventId + "->" + t.connection.platform)
        .sorted()
        .toList();
  }

  private List<String> results() {
    return harness.extractOutputValues().stream()
        .map(r -> r.eventId + ":" + r.platform + ":" + r.status)
        .toList();
  }

  @Test
  void fansOutOneTaskPerTargetAndRecordsEachAsQueued() throws Exception {
    harness.processBroadcastElement(
        config(
            "m1",
            1,
            List.of(connection("c1", "meta", "active"), connection("c2", "tiktok", "active")),
            List.of()),
        0);
    harness.processElement(event("m1", "e1", "purchase"), 0);
    assertThat(tasks()).containsExactly("e1->meta", "e1->tiktok");
    assertThat(results()).containsExactly("e1:meta:QUEUED", "e1:tiktok:QUEUED");
  }

  @Test
  void anEventBeforeItsMerchantsConfigurationWaitsForIt() throws Exception {
    harness.processElement(event("m1", "early", "purchase"), 0);
    assertThat(tasks()).isEmpty();
    harness.processBroadcastElement(
        config("m1", 1, List.of(connection("c1", "meta", "active")), List.of()), 0);
    harness.setProcessingTime(5_000);
    assertThat(tasks()).containsExactly("early->meta");
    // The waiting list was emptied: a later timer does not send it twice.
    harness.processElement(event("m1", "next", "purchase"), 0);
    harness.setProcessingTime(20_000);
    assertThat(tasks()).containsExactly("early->meta", "next->meta");
  }

  @Test
  void theNewestSnapshotWinsWhateverTheOrderOfArrival() throws Exception {
    harness.processBroadcastElement(
        config(
            "m1",
            20,
            List.of(connection("c1", "meta", "active"), connection("c2", "tiktok", "active")),
            List.of(rule(true, List.of("lead"), List.of("tiktok")))),
        0);
    // An older snapshot (the startup load racing the topic) must not undo the change.
    harness.processBroadcastElement(
        config("m1", 10, List.of(connection("c1", "meta", "active")), List.of()), 0);
    harness.processElement(event("m1", "lead-1", "lead"), 0);
    harness.processElement(event("m1", "buy-1", "purchase"), 0);
    assertThat(tasks()).containsExactly("lead-1->tiktok");
  }

  @Test
  void explicitPlatformsThatAreNotConnectedAreSkippedWithAReason() throws Exception {
    harness.processBroadcastElement(
        config("m1", 1, List.of(connection("c1", "meta", "active")), List.of()), 0);
    TrackEvent forward = event("m1", "e1-replay-1", "purchase");
    forward.platforms = List.of("meta", "reddit");
    harness.processElement(forward, 0);
    assertThat(tasks()).containsExactly("e1-replay-1->meta");
    assertThat(results()).containsExactly("e1-replay-1:meta:QUEUED", "e1-replay-1:reddit:SKIPPED");
  }
}
