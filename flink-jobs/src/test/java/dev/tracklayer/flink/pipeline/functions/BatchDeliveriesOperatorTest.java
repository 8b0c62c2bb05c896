package dev.tracklayer.flink.pipeline.functions;

import static dev.tracklayer.flink.pipeline.functions.TestEvents.connection;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BatchDeliveriesOperatorTest {
  private static final ConnectionConfig META = connection("c-meta", "meta", "active");
  private static final ConnectionConfig OTHER = connection("c-other", "meta", "active");

  private static OneInputStreamOperatorTestHarness<DeliveryTask, DeliveryBatch> harness(
      int maxBatch) throws Exception {
    var h =
        new OneInputStreamOperatorTestHarness<>(
            new BatchDeliveriesOperator(maxBatch, Duration.ofMillis(100)));
    h.setProcessingTime(0);
    h.open();
    return h;
  }

  private static void send(
      OneInputStreamOperatorTestHarness<DeliveryTask, DeliveryBatch> h,
      ConnectionConfig c,
      String id)
      throws Exception {
    h.processElement(new StreamRecord<>(new DeliveryTask(event("m1", id, "purchase"), c)));
  }

  private static List<List<String>> batches(
      OneInputStreamOperatorTestHarness<DeliveryTask, DeliveryBatch> h) {
    return h.extractOutputValues().stream()
        .map(b -> b.events.stream().map(e -> b.connection.id + "/" + e.eventId).toList())
        .toList();
  }

  @Test
  void aFullBatchLeavesAtOnceAndTheRestAfterTheLinger() throws Exception {
    try (var h = harness(3)) {
      for (int i = 1; i <= 4; i++) {
        send(h, META, "e" + i);
      }
      assertThat(batches(h)).containsExactly(List.of("c-meta/e1", "c-meta/e2", "c-meta/e3"));
      h.setProcessingTime(99);
      assertThat(batches(h)).hasSize(1);
      h.setProcessingTime(100);
      assertThat(batches(h))
          .containsExactly(List.of("c-meta/e1", "c-meta/e2", "c-meta/e3"), List.of("c-meta/e4"));
    }
  }

  @Test
  void eachConnectionHasItsOwnBatchesAndItsOwnLinger() throws Exception {
    try (var h = harness(10)) {
      send(h, META, "a");
      h.setProcessingTime(60);
      send(h, OTHER, "b");
      send(h, META, "c");
      h.setProcessingTime(100);
      assertThat(batches(h)).containsExactly(List.of("c-meta/a", "c-meta/c"));
      h.setProcessingTime(160);
      assertThat(batches(h)).containsExactly(List.of("c-meta/a", "c-meta/c"), List.of("c-other/b"));
    }
  }

  @Test
  void nothingIsHeldInMemoryWhenACheckpointBarrierPasses() throws Exception {
    try (var h = harness(10)) {
      send(h, META, "a");
      send(h, OTHER, "b");
      assertThat(batches(h)).isEmpty();
      h.prepareSnapshotPreBarrier(1L);
      assertThat(batches(h)).containsExactlyInAnyOrder(List.of("c-meta/a"), List.of("c-other/b"));
    }
  }

  @Test
  void platformsThatTakeOneEventPerCallAreNotHeldBack() throws Exception {
    try (var h = harness(1)) {
      send(h, META, "a");
      assertThat(batches(h)).containsExactly(List.of("c-meta/a"));
    }
  }
}
