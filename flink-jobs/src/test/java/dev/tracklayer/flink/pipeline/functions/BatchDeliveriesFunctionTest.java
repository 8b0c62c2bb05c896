package dev.tracklayer.flink.pipeline.functions;

import static dev.tracklayer.flink.pipeline.functions.TestEvents.connection;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BatchDeliveriesFunctionTest {
  private static final ConnectionConfig META = connection("c-meta", "meta", "active");
  private static final ConnectionConfig OTHER = connection("c-other", "meta", "active");

  private static KeyedOneInputStreamOperatorTestHarness<String, DeliveryTask, DeliveryBatch> harness(
      int maxBatch) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new BatchDeliveriesFunction(maxBatch, Duration.ofMillis(100))),
            new TaskConnectionKey(),
            Types.STRING);
    h.setProcessingTime(0);
    h.open();
    return h;
  }

  private static List<List<String>> batches(
      KeyedOneInputStreamOperatorTestHarness<String, DeliveryTask, DeliveryBatch> h) {
    return h.extractOutputValues().stream()
        .map(b -> b.events.stream().map(e -> b.connection.id + "/" + e.eventId).toList())
        .toList();
  }

  @Test
  void aFullBatchLeavesAtOnceAndTheRestAfterTheLinger() throws Exception {
    try (var h = harness(3)) {
      for (int i = 1; i <= 4; i++) {
        h.processElement(new StreamRecord<>(new DeliveryTask(event("m1", "e" + i, "purchase"), META)));
      }
      assertThat(batches(h)).containsExactly(List.of("c-meta/e1", "c-meta/e2", "c-meta/e3"));
      h.setProcessingTime(99);
      assertThat(batches(h)).hasSize(1);
      h.setProcessingTime(200);
      assertThat(batches(h)).containsExactly(
          List.of("c-meta/e1", "c-meta/e2", "c-meta/e3"), List.of("c-meta/e4"));
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void eachConnectionHasItsOwnBatches() throws Exception {
    try (var h = harness(10)) {
      h.processElement(new StreamRecord<>(new DeliveryTask(event("m1", "a", "purchase"), META)));
      h.processElement(new StreamRecord<>(new DeliveryTask(event("m2", "b", "purchase"), OTHER)));
      h.processElement(new StreamRecord<>(new DeliveryTask(event("m1", "c", "purchase"), META)));
      h.setProcessingTime(100);
      assertThat(batches(h))
          .containsExactlyInAnyOrder(List.of("c-meta/a", "c-meta/c"), List.of("c-other/b"));
    }
  }

  @Test
  void platformsThatTakeOneEventPerCallAreNotHeldBack() throws Exception {
    try (var h = harness(1)) {
      h.processElement(new StreamRecord<>(new DeliveryTask(event("m1", "a", "purchase"), META)));
      assertThat(batches(h)).containsExactly(List.of("c-meta/a"));
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }
}
