package dev.tracklayer.ingest.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body as a JSON tree with the shared event mapper, bounded in size, and turns
 * every way it can be wrong into a 4xx: no codec, so no framework error page can slip through.
 */
public final class JsonBodies {
  private final int maxBytes;

  public JsonBodies(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  /**
   * @param accepted media types taken as JSON; the browser endpoint adds text/plain because
   *     sendBeacon and no-preflight fetch can only send that cross-origin
   */
  public Mono<JsonNode> read(ServerRequest request, List<MediaType> accepted) {
    IngestException refused = checkHeaders(request, accepted);
    if (refused != null) {
      return Mono.error(refused);
    }
    return DataBufferUtils.join(request.exchange().getRequest().getBody(), maxBytes)
        .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
        .map(JsonBodies::drain)
        .defaultIfEmpty(new byte[0])
        .map(JsonBodies::parse);
  }

  private IngestException checkHeaders(ServerRequest request, List<MediaType> accepted) {
    MediaType type;
    try {
      type = request.headers().contentType().orElse(null);
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    if (type == null || accepted.stream().noneMatch(type::equalsTypeAndSubtype)) {
      return new IngestException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be " + describe(accepted));
    }
    Charset charset;
    try {
      charset = type.getCharset();
    } catch (RuntimeException e) {
      charset = null;
      if (type.getParameter("charset") != null) {
        return unsupportedCharset();
      }
    }
    if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
      return unsupportedCharset();
    }
    long length = request.headers().contentLength().orElse(-1);
    if (length > maxBytes) {
      return tooLarge();
    }
    return null;
  }

  private static String describe(List<MediaType> accepted) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < accepted.size(); i++) {
      if (i > 0) {
        sb.append(i == accepted.size() - 1 ? " or " : ", ");
      }
      sb.append(accepted.get(i).getType()).append('/').append(accepted.get(i).getSubtype());
    }
    return sb.toString();
  }

  private static IngestException unsupportedCharset() {
    return new IngestException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
        "the body must be UTF-8 encoded");
  }

  private IngestException tooLarge() {
    return new IngestException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        ErrorCodes.PAYLOAD_TOO_LARGE,
        "the body must be at most " + maxBytes + " bytes");
  }

  private static byte[] drain(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  static JsonNode parse(byte[] bytes) {
    if (isBlank(bytes)) {
      throw IngestException.invalidJson("the request body is empty; send a JSON object");
    }
    try {
      JsonNode node = Json.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw IngestException.invalidJson("the request body is empty; send a JSON object");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw IngestException.invalidJson("the JSON document is nested too deeply or too large");
    } catch (JsonProcessingException e) {
      // The parser's own message can quote the offending text, which may be personal data.
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String what =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? "duplicate object key"
              : "malformed JSON";
      throw IngestException.invalidJson(what + where);
    }
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
