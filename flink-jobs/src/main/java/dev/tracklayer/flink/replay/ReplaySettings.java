package dev.tracklayer.flink.replay;

import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a bulk replay takes: the window of {@code events.raw} by record time, the filters, and where
 * Kafka is (the same {@code TRACKLAYER_*} variables as the pipeline's).
 *
 * @param fromMillis the first record time replayed (Kafka's offsets-for-times)
 * @param toMillis the record time the replay stops before; {@code null} for the topic's end when
 *     the job starts
 * @param run the replay's number in the new ids ({@code <id>-replay-<run>}): by default the start
 *     time in epoch seconds, so one run's ids never meet another run's or the API's replay
 *     counter's; {@code --run} repeats an earlier run's ids, so running it again (after a crash
 *     midway) sends only what the live job's dedup has not seen
 */
public record ReplaySettings(
    String kafkaBootstrap,
    String eventsTopic,
    long fromMillis,
    Long toMillis,
    String merchant,
    Set<String> eventNames,
    List<String> platforms,
    boolean dryRun,
    long run)
    implements Serializable {

  public static final String USAGE =
      "usage: replay --from T1 [--to T2] [--merchant M] [--events n1,n2] [--platforms p1,p2]"
          + " [--run N] [--dry-run]   (T: ISO-8601 instant such as 2026-12-06T10:00:00Z, or"
          + " epoch seconds; N: the run number of an earlier replay to repeat it safely)";

  public static ReplaySettings parse(String[] args, Map<String, String> env, Instant now) {
    Long from = null;
    Long to = null;
    String merchant = null;
    Set<String> events = Set.of();
    List<String> platforms = null;
    boolean dryRun = false;
    Long run = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--dry-run" -> dryRun = true;
        case "--from" -> from = instant(value(args, ++i, arg));
        case "--to" -> to = instant(value(args, ++i, arg));
        case "--merchant" -> merchant = value(args, ++i, arg);
        case "--events" -> events = new LinkedHashSet<>(list(value(args, ++i, arg)));
        case "--platforms" -> platforms = list(value(args, ++i, arg));
        case "--run" -> run = number(value(args, ++i, arg), arg);
        default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
      }
    }
    if (from == null) {
      throw new IllegalArgumentException("--from is required\n" + USAGE);
    }
    if (to != null && to <= from) {
      throw new IllegalArgumentException("--to must be after --from");
    }
    return new ReplaySettings(
        env.getOrDefault("TRACKLAYER_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        env.getOrDefault("TRACKLAYER_TOPIC_EVENTS", "events.raw"),
        from,
        to,
        merchant,
        events,
        platforms,
        dryRun,
        run == null ? now.getEpochSecond() : run);
  }

  /** Whether a raw event is one this replay re-sends. */
  boolean selects(String merchantId, String eventName) {
    return (merchant == null || merchant.equals(merchantId))
        && (eventNames.isEmpty() || eventNames.contains(eventName));
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static long number(String text, String name) {
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 18) {
      throw new IllegalArgumentException(name + " must be a positive number\n" + USAGE);
    }
    return Long.parseLong(text);
  }

  private static List<String> list(String text) {
    return List.of(text.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static long instant(String text) {
    if (text.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(text) * 1000;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not an ISO-8601 instant or epoch seconds: " + text + "\n" + USAGE);
    }
  }
}
