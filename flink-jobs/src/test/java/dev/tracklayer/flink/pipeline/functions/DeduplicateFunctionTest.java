package dev.tracklayer.flink.pipeline.functions;

import static dev.tracklayer.flink.pipeline.functions.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.event.TrackEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicateFunctionTest {
  private static final Duration DAY = Duration.ofHours(24);
  private KeyedOneInputStreamOperatorTestHarness<String, TrackEvent, TrackEvent> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DeduplicateFunction(DAY)), new EventKey(), Types.STRING);
    harness.setStateTtlProcessingTime(0);
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void send(TrackEvent e) throws Exception {
    harness.processElement(new StreamRecord<>(e));
  }

  private java.util.List<String> passedIds() {
    return harness.extractOutputValues().stream().map(e -> e.merchantId + "/" + e.eventId).toList();
  }

  @Test
  void theSecondCopyOfAnEventWithinTheWindowIsDropped() throws Exception {
    send(event("m1", "order-1", "purchase"));
    harness.setStateTtlProcessingTime(DAY.toMillis() - 1);
    send(event("m1", "order-1", "purchase"));
    assertThat(passedIds()).containsExactly("m1/order-1");
  }

  @Test
  void eventIdsAreScopedToTheMerchantAndReplaysAreNewIds() throws Exception {
    send(event("m1", "order-1", "purchase"));
    send(event("m2", "order-1", "purchase"));
    send(event("m1", "order-1-replay-1", "purchase"));
    send(event("m1", "order-1-replay-1", "purchase"));
    assertThat(passedIds()).containsExactly("m1/order-1", "m2/order-1", "m1/order-1-replay-1");
  }

  @Test
  void afterTwentyFourHoursTheIdIsAcceptedAgainAndTheStateIsGone() throws Exception {
    send(event("m1", "order-1", "purchase"));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    harness.setStateTtlProcessingTime(DAY.toMillis() + 1);
    send(event("m1", "order-1", "purchase"));
    assertThat(passedIds()).containsExactly("m1/order-1", "m1/order-1");

    // Expired entries of keys never seen again are cleaned up as the state is used.
    harness.setStateTtlProcessingTime(3 * DAY.toMillis());
    for (int i = 0; i < 50; i++) {
      send(event("m1", "other-" + i, "page_view"));
    }
    harness.setStateTtlProcessingTime(5 * DAY.toMillis());
    for (int i = 0; i < 50; i++) {
      send(event("m9", "late-" + i, "page_view"));
    }
    // Only the last 50 keys are still alive.
    assertThat(harness.numKeyedStateEntries()).isEqualTo(50);
  }

  @Test
  void stateSurvivesASnapshotAndRestore() throws Exception {
    send(event("m1", "order-1", "purchase"));
    var snapshot = harness.snapshot(1L, 1L);
    harness.close();

    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DeduplicateFunction(DAY)), new EventKey(), Types.STRING);
    harness.setStateTtlProcessingTime(1000);
    harness.initializeState(snapshot);
    harness.open();
    send(event("m1", "order-1", "purchase"));
    send(event("m1", "order-2", "purchase"));
    assertThat(passedIds()).containsExactly("m1/order-2");
  }
}
