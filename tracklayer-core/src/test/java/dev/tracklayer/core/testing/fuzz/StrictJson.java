package dev.tracklayer.core.testing.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The oracle of what a body says: RFC 8259 read strictly. UTF-8 only, decoded with errors reported
 * (no replacement, no overlong forms), one optional leading BOM, no duplicate keys, no trailing
 * tokens, numbers kept exact. A body this refuses has no meaning a server could store faithfully.
 */
public final class StrictJson {
  /** Numbers exact, as BigDecimal. */
  private static final ObjectMapper EXACT = mapper(true);

  /**
   * Numbers as doubles: for exponents beyond BigDecimal's int scale (1e2147483648), which JSON
   * allows and which are no less JSON for it.
   */
  private static final ObjectMapper APPROXIMATE = mapper(false);

  private static ObjectMapper mapper(boolean exact) {
    return JsonMapper.builder(
            JsonFactory.builder()
                // The fuzzers nest deeper than any event; the oracle must not be the limit.
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(100_000)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build())
                .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, exact)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .build();
  }

  private StrictJson() {}

  /** The body's text if it is well-formed UTF-8, without a leading BOM. */
  public static Optional<String> utf8(byte[] body) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
      return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  public static Optional<JsonNode> parse(byte[] body) {
    return utf8(body).flatMap(StrictJson::parse);
  }

  public static Optional<JsonNode> parse(String text) {
    return parse(EXACT, text).or(() -> parse(APPROXIMATE, text));
  }

  private static Optional<JsonNode> parse(ObjectMapper mapper, String text) {
    try {
      JsonNode node = mapper.readTree(text);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
