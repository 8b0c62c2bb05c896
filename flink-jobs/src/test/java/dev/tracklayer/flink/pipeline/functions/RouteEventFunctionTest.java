package dev.tracklayer.flink.pipeline.functions;

import static dev.tracklayer.flink.pipeline.functions.TestEvents.config;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.connection;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.event;
import static dev.tracklayer.flink.pipeline.functions.TestEvents.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.records.ConnectionSignal;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import dev.tracklayer.flink.pipeline.records.RoutingUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouteEventFunctionTest {
  private KeyedBroadcastOperatorTestHarness<String, TrackEvent, RoutingUpdate, DeliveryResult>
      harness;

  private static final Duration DAY = Duration.ofHours(24);

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new RouteEventFunction(DAY, Duration.ofSeconds(5)),
            new EventKey(),
            Types.STRING,
            RouteEventFunction.CONFIGS,
            RouteEventFunction.CONNECTIONS);
    harness.setProcessingTime(0);
    harness.setStateTtlProcessingTime(0);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private void broadcast(MerchantConfig config, long timestamp) throws Exception {
    harness.processBroadcastElement(RoutingUpdate.of(config), timestamp);
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
  void fansOutOneTaskPerTargetWithoutAQueuedStateOfItsOwn() throws Exception {
    broadcast(
        config(
            "m1",
            1,
            List.of(connection("c1", "meta", "active"), connection("c2", "tiktok", "active")),
            List.of()),
        0);
    harness.processElement(event("m1", "e1", "purchase"), 0);
    assertThat(tasks()).containsExactly("e1->meta", "e1->tiktok");
    // QUEUED is the delivery operators' to say, and only for a delivery that waits.
    assertThat(results()).isEmpty();
  }

  @Test
  void anEventBeforeItsMerchantsConfigurationWaitsForIt() throws Exception {
    harness.processElement(event("m1", "early", "purchase"), 0);
    assertThat(tasks()).isEmpty();
    broadcast(config("m1", 1, List.of(connection("c1", "meta", "active")), List.of()), 0);
    harness.setProcessingTime(5_000);
    assertThat(tasks()).containsExactly("early->meta");
    // The waiting list was emptied: a later timer does not send it twice.
    harness.processElement(event("m1", "next", "purchase"), 0);
    harness.setProcessingTime(20_000);
    assertThat(tasks()).containsExactly("early->meta", "next->meta");
  }

  @Test
  void theNewestSnapshotWinsWhateverTheOrderOfArrival() throws Exception {
    broadcast(
        config(
            "m1",
            20,
            List.of(connection("c1", "meta", "active"), connection("c2", "tiktok", "active")),
            List.of(rule(true, List.of("lead"), List.of("tiktok")))),
        0);
    // An older snapshot (the startup load racing the topic) must not undo the change.
    broadcast(config("m1", 10, List.of(connection("c1", "meta", "active")), List.of()), 0);
    harness.processElement(event("m1", "lead-1", "lead"), 0);
    harness.processElement(event("m1", "buy-1", "purchase"), 0);
    assertThat(tasks()).containsExactly("lead-1->tiktok");
  }

  @Test
  void explicitPlatformsThatAreNotConnectedAreSkippedWithAReason() throws Exception {
    broadcast(config("m1", 1, List.of(connection("c1", "meta", "active")), List.of()), 0);
    TrackEvent forward = event("m1", "e1-replay-1", "purchase");
    forward.platforms = List.of("meta", "reddit");
    harness.processElement(forward, 0);
    assertThat(tasks()).containsExactly("e1-replay-1->meta");
    assertThat(results()).containsExactly("e1-replay-1:reddit:SKIPPED");
  }

  /**
   * Each task carries its connection's newest delivery state, whatever the order the states arrive
   * in: the fast path hands a waiting connection's batches on without a call.
   */
  @Test
  void eachTaskCarriesItsConnectionsNewestDeliveryState() throws Exception {
    broadcast(
        config(
            "m1",
            1,
            List.of(connection("c1", "meta", "active"), connection("c2", "tiktok", "active")),
            List.of()),
        0);
    harness.processBroadcastElement(
        RoutingUpdate.of(new ConnectionSignal("m1", "c1", "meta", true, 20)), 0);
    // An older "clear" (the topic read from the start after a newer state) changes nothing.
    harness.processBroadcastElement(
        RoutingUpdate.of(new ConnectionSignal("m1", "c1", "meta", false, 10)), 0);
    harness.processElement(event("m1", "e1", "purchase"), 0);
    harness.processBroadcastElement(
        RoutingUpdate.of(new ConnectionSignal("m1", "c1", "meta", false, 30)), 0);
    harness.processElement(event("m1", "e2", "purchase"), 0);
    List<String> states =
        dev.tracklayer.core.destinations.DestinationAdapters.PLATFORMS.stream()
            .map(p -> harness.getSideOutput(RouteEventFunction.tasksFor(p)))
            .filter(Objects::nonNull)
            .flatMap(q -> q.stream().map(StreamRecord::getValue))
            .map(
                (DeliveryTask t) ->
                    t.event.eventId
                        + "->"
                        + t.connection.platform
                        + ":"
                        + (t.signalWaiting ? "waiting" : "clear")
                        + "@"
                        + t.signalVersion)
            .sorted()
            .toList();
    assertThat(states)
        .containsExactly(
            "e1->meta:waiting@20", "e1->tiktok:clear@0", "e2->meta:clear@30", "e2->tiktok:clear@0");
  }

  // ---- the 24 h dedup

  @Test
  void aDeliveryRefusedByConsentIsSkippedWithItsConnectionAndGetsNoTask() throws Exception {
    broadcast(
        config(
            "m1",
            1,
            List.of(connection("c1", "meta", "active"), connection("c2", "webhook", "active")),
            List.of()),
        0);
    TrackEvent refused = event("m1", "e1", "purchase");
    refused.consent = new dev.tracklayer.core.event.Consent(false, true);
    harness.processElement(refused, 0);
    assertThat(tasks()).containsExactly("e1->webhook");
    DeliveryResult meta =
        harness.extractOutputValues().stream()
            .filter(r -> r.platform.equals("meta"))
            .findFirst()
            .orElseThrow();
    assertThat(meta.status).isEqualTo("SKIPPED");
    assertThat(meta.error).isEqualTo("consent_denied");
    assertThat(meta.connectionId).isEqualTo("c1");
    assertThat(results()).containsExactly("e1:meta:SKIPPED");
  }

  private void send(TrackEvent e) throws Exception {
    harness.processElement(e, 0);
  }

  /** Events that passed dedup (the events table's rows), in order. */
  private List<String> passedIds() {
    var unique = harness.getSideOutput(RouteEventFunction.UNIQUE_EVENTS);
    return unique == null
        ? List.of()
        : unique.stream().map(r -> r.getValue().merchantId + "/" + r.getValue().eventId).toList();
  }

  /** Entries of keyed state (dedup marks, waiting events) the operator holds. */
  private int keyedStateEntries() {
    var backend = harness.getOperator().getKeyedStateBackend();
    return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
  }

  private void connectMeta(String merchant) throws Exception {
    broadcast(
        config(merchant, 1, List.of(connection("c-" + merchant, "meta", "active")), List.of()), 0);
  }

  @Test
  void theSecondCopyOfAnEventWithinTheWindowIsDroppedAndNotRouted() throws Exception {
    connectMeta("m1");
    send(event("m1", "order-1", "purchase"));
    harness.setStateTtlProcessingTime(DAY.toMillis() - 1);
    send(event("m1", "order-1", "purchase"));
    assertThat(passedIds()).containsExactly("m1/order-1");
    assertThat(tasks()).containsExactly("order-1->meta");
  }

  @Test
  void eventIdsAreScopedToTheMerchantAndReplaysAreNewIds() throws Exception {
    send(event("m1", "order-1", "purchase"));
    send(event("m2", "order-1", "purchase"));
    send(event("m1", "order-1-replay-1", "purchase"));
    send(event("m1", "order-1-replay-1", "purchase"));
    // Without a configuration they leave when the wait for one is over.
    harness.setProcessingTime(5_000);
    assertThat(passedIds())
        .containsExactlyInAnyOrder("m1/order-1", "m2/order-1", "m1/order-1-replay-1");
  }

  @Test
  void aCopyArrivingWhileTheFirstWaitsForItsConfigurationIsStillDropped() throws Exception {
    send(event("m1", "early", "purchase"));
    send(event("m1", "early", "purchase"));
    connectMeta("m1");
    harness.setProcessingTime(5_000);
    assertThat(passedIds()).containsExactly("m1/early");
    assertThat(tasks()).containsExactly("early->meta");
  }

  @Test
  void afterTwentyFourHoursTheIdIsAcceptedAgainAndTheStateIsGone() throws Exception {
    connectMeta("m1");
    connectMeta("m9");
    send(event("m1", "order-1", "purchase"));
    assertThat(keyedStateEntries()).isEqualTo(1);
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
    // Only the last 50 keys are still alive, and routing left no state of its own behind.
    assertThat(keyedStateEntries()).isEqualTo(50);
  }

  @Test
  void dedupStateSurvivesASnapshotAndRestore() throws Exception {
    connectMeta("m1");
    send(event("m1", "order-1", "purchase"));
    var snapshot = harness.snapshot(1L, 1L);
    harness.close();

    harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new RouteEventFunction(DAY, Duration.ofSeconds(5)),
                List.of(RouteEventFunction.CONFIGS, RouteEventFunction.CONNECTIONS)),
            new EventKey(),
            Types.STRING,
            1,
            1,
            0);
    harness.setStateTtlProcessingTime(1000);
    harness.initializeState(snapshot);
    harness.open();
    send(event("m1", "order-1", "purchase"));
    send(event("m1", "order-2", "purchase"));
    assertThat(passedIds()).containsExactly("m1/order-2");
    // The merchants' configurations came back with the snapshot too.
    assertThat(tasks()).containsExactly("order-2->meta");
  }

  // ---- no_matchable_identifier, against the merchant's connections

  private List<String> warningsOf(String eventId) {
    return harness.getSideOutput(RouteEventFunction.UNIQUE_EVENTS).stream()
        .map(StreamRecord::getValue)
        .filter(e -> e.eventId.equals(eventId))
        .flatMap(e -> e.warnings == null ? java.util.stream.Stream.of() : e.warnings.stream())
        .map(w -> w.code + " " + w.path)
        .toList();
  }

  private static TrackEvent withOnly(String merchant, String id, String source) {
    TrackEvent e = event(merchant, id, "lead");
    e.source = source;
    e.userData = new dev.tracklayer.core.event.UserData();
    e.userData.browserIds = new dev.tracklayer.core.event.BrowserIds();
    e.userData.browserIds.gclid = "Cj0KCQ-gclid";
    return e;
  }

  @Test
  void aServerEventNoConnectedPlatformCanMatchIsWarnedBeforeItLeaves() throws Exception {
    connectMeta("m1");
    broadcast(
        config(
            "m2",
            1,
            List.of(
                connection("c-m2", "meta", "active"), connection("g-m2", "google_ads", "active")),
            List.of()),
        0);
    // A gclid is Google's: Meta, m1's only platform, has nothing to match on.
    send(withOnly("m1", "gclid-only", "server"));
    send(withOnly("m2", "gclid-google", "server"));
    send(withOnly("m1", "gclid-browser", "browser"));
    TrackEvent matched = event("m1", "with-email", "lead");
    send(matched);

    assertThat(warningsOf("gclid-only")).containsExactly("no_matchable_identifier $.user_data");
    assertThat(warningsOf("gclid-google")).isEmpty();
    assertThat(warningsOf("gclid-browser")).isEmpty();
    assertThat(warningsOf("with-email")).isEmpty();
  }

  @Test
  void theGatewaysWarningIsNotRepeated() throws Exception {
    connectMeta("m1");
    TrackEvent e = withOnly("m1", "flagged", "server");
    e.warnings =
        List.of(
            new dev.tracklayer.core.quality.Warning(
                dev.tracklayer.core.quality.Warning.NO_MATCHABLE_IDENTIFIER, "$.user_data"));
    send(e);
    assertThat(warningsOf("flagged")).containsExactly("no_matchable_identifier $.user_data");
  }

  @Test
  void anEventWaitingForItsConfigurationIsWarnedWhenTheConfigurationArrives() throws Exception {
    send(withOnly("m1", "early", "server"));
    assertThat(passedIds()).isEmpty();
    connectMeta("m1");
    harness.setProcessingTime(5_000);
    assertThat(warningsOf("early")).containsExactly("no_matchable_identifier $.user_data");
  }
}
