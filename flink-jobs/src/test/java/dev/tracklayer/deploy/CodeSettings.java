package dev.tracklayer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.testing.RepoPaths;
import dev.tracklayer.flink.pipeline.PipelineSettings;
import dev.tracklayer.flink.replay.ReplaySettings;
import dev.tracklayer.flink.rollup.RollupSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the code reads, found from the code itself: the gateways' {@code ${TRACKLAYER_…}}
 * placeholders in application.yml and the names their own classes read, the Flink jobs' names by
 * running their settings parsers on a map that records every lookup, and the topics the local
 * install creates (the {@code tracklayer} script's TOPICS).
 */
final class CodeSettings {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{(TRACKLAYER_[A-Z0-9_]+)(?::([^}]*))?}");
  private static final Pattern LITERAL = Pattern.compile("\"(TRACKLAYER_[A-Z0-9_]+)\"");

  private CodeSettings() {}

  static Path root() {
    return RepoPaths.root();
  }

  /** A gateway module's application.yml, parsed. */
  static JsonNode applicationYml(String module) {
    Path file = root().resolve(module).resolve("src/main/resources/application.yml");
    return Kustomization.read(file).get(0);
  }

  /** The variables a gateway reads: its application.yml's placeholders and its classes' names. */
  static Set<String> gatewayReads(String module) {
    Set<String> names = new TreeSet<>();
    Path moduleDir = root().resolve(module);
    Matcher placeholders =
        PLACEHOLDER.matcher(text(moduleDir.resolve("src/main/resources/application.yml")));
    while (placeholders.find()) {
      names.add(placeholders.group(1));
    }
    try (Stream<Path> sources = Files.walk(moduleDir.resolve("src/main/java"))) {
      sources
          .filter(p -> p.toString().endsWith(".java"))
          .forEach(
              p -> {
                Matcher m = LITERAL.matcher(text(p));
                while (m.find()) {
                  names.add(m.group(1));
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  /**
   * The value of a Spring setting such as {@code ${TRACKLAYER_INGEST_PORT:8080}} in a pod with
   * {@code env}: the variable's value, else the placeholder's default.
   */
  static String resolve(String springValue, Map<String, String> env) {
    Matcher m = PLACEHOLDER.matcher(springValue);
    if (!m.matches()) {
      return springValue;
    }
    String value = env.get(m.group(1));
    return value != null ? value : Objects.requireNonNullElse(m.group(2), "");
  }

  /**
   * The settings parser of a Flink job's entry class, given the job's arguments; null for a class
   * that is no job here.
   */
  static Function<Map<String, String>, Object> jobSettings(String entryClass, List<String> args) {
    return switch (entryClass) {
      case "dev.tracklayer.flink.pipeline.PipelineJob" -> PipelineSettings::fromMap;
      case "dev.tracklayer.flink.rollup.RollupJob" -> RollupSettings::fromMap;
      case "dev.tracklayer.flink.replay.ReplayJob" ->
          env -> ReplaySettings.parse(args.toArray(String[]::new), env, Instant.EPOCH);
      default -> null;
    };
  }

  /**
   * Whether a job's settings parser reads {@code name}: it looked the name up, or (variables found
   * by prefix, such as {@code TRACKLAYER_DELIVERY_RETRY_HORIZON_META}) setting it changes what the
   * parser makes of the rest of {@code env}.
   */
  static boolean jobReads(
      Function<Map<String, String>, Object> parse, String name, Map<String, String> env) {
    Set<String> asked = new TreeSet<>();
    Map<String, String> recording =
        new HashMap<>(env) {
          @Override
          public String get(Object key) {
            asked.add((String) key);
            return super.get(key);
          }

          @Override
          public String getOrDefault(Object key, String fallback) {
            asked.add((String) key);
            return super.getOrDefault(key, fallback);
          }
        };
    parse.apply(recording);
    if (asked.contains(name)) {
      return true;
    }
    Map<String, String> without = new LinkedHashMap<>(env);
    without.remove(name);
    return !comparable(parse.apply(env)).equals(comparable(parse.apply(without)));
  }

  /** The parts of a job's settings that have value equality. */
  private static Object comparable(Object settings) {
    return settings instanceof PipelineSettings p ? p.delivery() : settings;
  }

  /** The {@code tracklayer} script's topics: name → {partitions, config or ""}. */
  static Map<String, String[]> scriptTopics() {
    String script = text(root().resolve("tracklayer"));
    Matcher block = Pattern.compile("(?s)\\nTOPICS=\\((.*?)\\n\\)").matcher(script);
    if (!block.find()) {
      throw new AssertionError("tracklayer: no TOPICS=( … ) list");
    }
    Map<String, String[]> topics = new LinkedHashMap<>();
    Matcher line = Pattern.compile("\"([^\" ]+) (\\d+)(?: ([^\"]+))?\"").matcher(block.group(1));
    while (line.find()) {
      topics.put(
          line.group(1),
          new String[] {line.group(2), Objects.requireNonNullElse(line.group(3), "")});
    }
    return topics;
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
