package dev.tracklayer.flink.pipeline.functions;

import static dev.tracklayer.flink.pipeline.functions.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatestDeliveryStatesTest {
  private static final Instant T0 = Instant.parse("2026-11-27T05:00:00Z");

  private static OneInputStreamOperatorTestHarness<DeliveryResult, DeliveryResult> harness(
      int maxHeld) throws Exception {
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new LatestDeliveryStates(Duration.ofMillis(1000), maxHeld));
    h.setProcessingTime(0);
    h.open();
    return h;
  }

  /** A state of event {@code id}'s delivery to {@code platform}, {@code ms} after T0. */
  private static void send(
      OneInputStreamOperatorTestHarness<DeliveryResult, DeliveryResult> h,
      String id,
      String platform,
      DeliveryStatus status,
      long ms)
      throws Exception {
    h.processElement(
        new StreamRecord<>(
            DeliveryResult.of(
                event("m1", id, "purchase"),
                platform,
                "c-" + platform,
                status,
                status == DeliveryStatus.QUEUED ? 0 : 1,
                0,
                null,
                T0.plusMillis(ms))));
  }

  private static List<String> written(
      OneInputStreamOperatorTestHarness<DeliveryResult, DeliveryResult> h) {
    return h.extractOutputValues().stream()
        .map(r -> r.eventId + ":" + r.platform + ":" + r.status)
        .toList();
  }

  @Test
  void aStateOvertakenWithinTheHoldIsNeverWritten() throws Exception {
    try (var h = harness(100)) {
      send(h, "e1", "meta", DeliveryStatus.QUEUED, 0);
      send(h, "e1", "tiktok", DeliveryStatus.QUEUED, 0);
      h.setProcessingTime(300);
      send(h, "e1", "meta", DeliveryStatus.DELIVERED, 300);
      assertThat(written(h)).containsExactly("e1:meta:DELIVERED");
      h.setProcessingTime(2_000);
      // TikTok had no newer state: its QUEUED is written when the hold ends, nothing more.
      assertThat(written(h)).containsExactly("e1:meta:DELIVERED", "e1:tiktok:QUEUED");
    }
  }

  @Test
  void aRetryThatLastsIsWrittenAfterTheHoldCountedFromTheFirstState() throws Exception {
    try (var h = harness(100)) {
      send(h, "e1", "meta", DeliveryStatus.QUEUED, 0);
      h.setProcessingTime(400);
      send(h, "e1", "meta", DeliveryStatus.RETRY, 400);
      h.setProcessingTime(999);
      assertThat(written(h)).isEmpty();
      h.setProcessingTime(1_000);
      assertThat(written(h)).containsExactly("e1:meta:RETRY");
      h.setProcessingTime(5_000);
      send(h, "e1", "meta", DeliveryStatus.DELIVERED, 5_000);
      assertThat(written(h)).containsExactly("e1:meta:RETRY", "e1:meta:DELIVERED");
    }
  }

  @Test
  void statesArriveOutOfOrderAndTheNewestVersionWins() throws Exception {
    try (var h = harness(100)) {
      send(h, "e1", "meta", DeliveryStatus.RETRY, 500);
      send(h, "e1", "meta", DeliveryStatus.QUEUED, 0);
      h.setProcessingTime(1_000);
      assertThat(written(h)).containsExactly("e1:meta:RETRY");
    }
  }

  @Test
  void nothingIsHeldWhenACheckpointBarrierPasses() throws Exception {
    try (var h = harness(100)) {
      send(h, "e1", "meta", DeliveryStatus.QUEUED, 0);
      send(h, "e2", "meta", DeliveryStatus.RETRY, 0);
      h.prepareSnapshotPreBarrier(1L);
      assertThat(written(h)).containsExactlyInAnyOrder("e1:meta:QUEUED", "e2:meta:RETRY");
      h.setProcessingTime(5_000);
      assertThat(written(h)).hasSize(2);
    }
  }

  @Test
  void beyondTheBoundTheOldestHeldStateIsWrittenAtOnce() throws Exception {
    try (var h = harness(2)) {
      send(h, "e1", "meta", DeliveryStatus.QUEUED, 0);
      send(h, "e2", "meta", DeliveryStatus.QUEUED, 0);
      assertThat(written(h)).isEmpty();
      send(h, "e3", "meta", DeliveryStatus.QUEUED, 0);
      assertThat(written(h)).containsExactly("e1:meta:QUEUED");
    }
  }
}
