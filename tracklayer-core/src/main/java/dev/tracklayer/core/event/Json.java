package dev.tracklayer.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration for events on the wire (HTTP bodies, Kafka records, ClickHouse
 * payload column). Do not reconfigure the shared instance; call {@link #newMapper()} for a copy.
 */
public final class Json {

  private static final ObjectMapper MAPPER = newMapper();

  /**
   * Trees refuse duplicate keys while they are built (the tree already looks each key up) instead
   * of through the parser's duplicate detection, which allocates a set for every object with more
   * than two keys: on the gateway that was 5-7 % of all allocation per event. The parser's check is
   * a feature of the factory: an {@code ObjectReader.without(...)} override of it is ignored, so
   * trees get a mapper of their own.
   */
  private static final ObjectReader TREE_READER =
      builder()
          .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build()
          .reader();

  private Json() {}

  /**
   * Money must never pass through double; trailing zeros are kept so {@code 100.0} is not rewritten
   * as {@code 1E+2}; duplicate keys are rejected because "which value won" would be a silent guess;
   * trailing garbage after the object is rejected.
   */
  public static ObjectMapper newMapper() {
    return builder().build();
  }

  private static JsonMapper.Builder builder() {
    return JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .serializationInclusion(JsonInclude.Include.NON_NULL);
  }

  /** The shared, thread-safe mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static JsonNode readTree(byte[] json) throws JsonProcessingException {
    try {
      return TREE_READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readTree(String json) throws JsonProcessingException {
    return TREE_READER.readTree(json);
  }

  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] toBytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
