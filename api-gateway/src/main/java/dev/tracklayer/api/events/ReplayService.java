package dev.tracklayer.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.billing.UsageCounts;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.kafka.KafkaRecords;
import dev.tracklayer.api.platforms.PlatformCatalog;
import dev.tracklayer.api.platforms.PlatformService;
import dev.tracklayer.api.web.Violations;
import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.core.event.FieldError;
import dev.tracklayer.core.event.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replay, forward and retry-failed: a copy of the stored event under a new id goes to {@code
 * events.raw}, so it passes dedup (new id) and the whole fan-out like a fresh event.
 *
 * <p>The replay number comes from a PostgreSQL row that the transaction holds locked until Kafka
 * has acknowledged the copy: concurrent replays of one event get consecutive numbers, and a failed
 * write does not use a number up. The number never falls below what ClickHouse already holds, so a
 * reset PostgreSQL cannot hand out an id twice.
 */
@Service
public class ReplayService {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayService.class);

  private final EventReader reader;
  private final PlatformService platforms;
  private final KafkaRecords kafka;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final UsageCounts usage;

  public ReplayService(
      EventReader reader,
      PlatformService platforms,
      KafkaRecords kafka,
      JdbcClient jdbc,
      TransactionTemplate tx,
      UsageCounts usage) {
    this.reader = reader;
    this.platforms = platforms;
    this.kafka = kafka;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = Clock.systemUTC();
    this.usage = usage;
  }

  /** Blocking. Every platform the merchant's rules select. */
  public ReplayResult replay(Caller caller, String eventId) {
    return enqueue(caller, stored(caller, eventId), null);
  }

  /** Blocking. Only the given platforms, each of which must be connected. */
  public ReplayResult forward(Caller caller, String eventId, ForwardRequest body) {
    Violations v = new Violations();
    List<String> requested = body == null ? null : body.platforms();
    Set<String> chosen = new LinkedHashSet<>();
    if (requested == null || requested.isEmpty()) {
      v.add(FieldError.REQUIRED, "$.platforms", "name at least one platform");
    } else {
      for (int i = 0; i < requested.size(); i++) {
        String p = requested.get(i);
        if (!PlatformCatalog.isKnown(p)) {
          v.add(
              FieldError.INVALID_VALUE,
              "$.platforms[" + i + "]",
              "must be one of " + String.join(", ", PlatformCatalog.keys()));
        } else {
          chosen.add(p);
        }
      }
    }
    v.throwIfAny();
    EventDetail event = stored(caller, eventId);
    Set<String> connected = platforms.activePlatforms(caller.merchantId());
    List<FieldError> notConnected = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      if (!connected.contains(requested.get(i))) {
        notConnected.add(
            new FieldError(FieldError.INVALID_VALUE, "$.platforms[" + i + "]", "not connected"));
      }
    }
    if (!notConnected.isEmpty()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "platform_not_connected",
          "forward only goes to platforms with an active connection",
          notConnected);
    }
    return enqueue(caller, event, List.copyOf(chosen));
  }

  /** Blocking. The platforms whose latest delivery status is FAILED, ERROR or RETRY. */
  public ReplayResult retryFailed(Caller caller, String eventId) {
    EventDetail event = stored(caller, eventId);
    List<String> failed =
        event.deliveries().stream()
            .filter(d -> DeliveryStatuses.RETRYABLE.contains(d.status()))
            .map(EventDetail.Delivery::platform)
            .toList();
    if (failed.isEmpty()) {
      throw ApiException.conflict(
          "nothing_to_retry", "no delivery of this event is FAILED, ERROR or RETRY");
    }
    return enqueue(caller, event, failed);
  }

  private EventDetail stored(Caller caller, String eventId) {
    String merchant = caller.merchant();
    return reader
        .event(merchant, eventId, reader.deliveries(merchant, eventId))
        .orElseThrow(() -> ApiException.notFound("event"));
  }

  private ReplayResult enqueue(Caller caller, EventDetail stored, List<String> onlyPlatforms) {
    // A replay of a replay is numbered after the original: <original>-replay-<n>, n per original.
    String eventId =
        stored.replayOf() == null || stored.replayOf().isBlank()
            ? stored.eventId()
            : stored.replayOf();
    ObjectNode event = copyOf(stored.payload());
    String merchant = caller.merchant();
    long seen = reader.replayCount(merchant, eventId);
    Instant now = clock.instant();
    String newId =
        tx.execute(
            status -> {
              int n = nextNumber(caller.merchantId(), eventId, seen + 1);
              String id = eventId + "-replay-" + n;
              if (id.length() > EventValidator.MAX_EVENT_ID) {
                throw ApiException.conflict(
                    "event_id_too_long",
                    "the replayed event's id would exceed "
                        + EventValidator.MAX_EVENT_ID
                        + " characters");
              }
              event.put("event_id", id);
              event.put("merchant_id", merchant);
              event.put("replay_of", eventId);
              event.put("received_at", now.toEpochMilli());
              if (onlyPlatforms == null) {
                event.remove("platforms");
              } else {
                ArrayNode list = event.putArray("platforms");
                onlyPlatforms.forEach(list::add);
              }
              // A replay is an event delivered again: it counts toward the plan's allowance. In
              // this transaction, so a copy Kafka did not take is not counted.
              usage.countOne(caller.merchantId());
              kafka.send(
                  kafka.properties().eventsTopic(), merchant + ":" + id, Json.toBytes(event));
              return id;
            });
    LOG.info(
        "merchant {} replayed {} as {} to {}",
        merchant,
        eventId,
        newId,
        onlyPlatforms == null ? "its rules" : onlyPlatforms);
    return new ReplayResult(true, now, newId, eventId, onlyPlatforms);
  }

  private int nextNumber(UUID merchantId, String eventId, long floor) {
    return jdbc.sql(
            "INSERT INTO event_replays (merchant_id, event_id, n) VALUES (:m, :e, :floor)"
                + " ON CONFLICT (merchant_id, event_id) DO UPDATE SET"
                + " n = GREATEST(event_replays.n + 1, EXCLUDED.n), updated_at = now()"
                + " RETURNING n")
        .param("m", merchantId)
        .param("e", eventId)
        .param("floor", (int) Math.min(floor, Integer.MAX_VALUE))
        .query(Integer.class)
        .single();
  }

  private static ObjectNode copyOf(JsonNode payload) {
    if (payload instanceof ObjectNode object) {
      return object.deepCopy();
    }
    throw ApiException.conflict(
        "not_replayable", "the stored copy of this event cannot be read, so it cannot be replayed");
  }
}
