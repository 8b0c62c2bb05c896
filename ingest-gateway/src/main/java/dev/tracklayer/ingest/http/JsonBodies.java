package dev.tracklayer.ingest.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.JsonText;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

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
  public Mono<JsonNode> read(HttpServerRequest request, List<MediaType> accepted) {
    long length = contentLength(request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH));
    IngestException refused =
        checkHeaders(request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE), length, accepted);
    if (refused != null) {
      return Mono.error(refused);
    }
    // Chunked bodies have no length up front: the bound is enforced while the chunks arrive.
    return request
        .receive()
        .collect(() -> new Bounded(length), Bounded::append)
        .map(body -> parse(body.bytes()));
  }

  private static long contentLength(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // Netty's decoder refuses such requests before they get here
    }
  }

  private IngestException checkHeaders(String contentType, long length, List<MediaType> accepted) {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.parseMediaType(contentType);
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

  /** The body's bytes so far, refused as soon as they pass the limit. */
  private final class Bounded {
    private byte[] bytes;
    private int size;

    Bounded(long contentLength) {
      bytes = new byte[contentLength > 0 && contentLength <= maxBytes ? (int) contentLength : 1024];
    }

    void append(ByteBuf chunk) {
      int n = chunk.readableBytes();
      if (size + n > maxBytes) {
        throw tooLarge();
      }
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(maxBytes, Math.max(size + n, bytes.length * 2)));
      }
      chunk.readBytes(bytes, size, n);
      size += n;
    }

    byte[] bytes() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }

  static JsonNode parse(byte[] bytes) {
    if (isBlank(bytes)) {
      throw IngestException.invalidJson("the request body is empty; send a JSON object");
    }
    // Jackson would read overlong UTF-8 and lone surrogate escapes and store other text.
    String notText = JsonText.problem(bytes);
    if (notText != null) {
      throw IngestException.invalidJson(notText);
    }
    try {
      JsonNode node = Json.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw IngestException.invalidJson("the request body is empty; send a JSON object");
      }
      return node;
    } catch (UncheckedIOException e) {
      // Jackson guesses UTF-16 or UTF-32 from the first bytes and can fail on what follows.
      throw IngestException.invalidJson("the request body is not JSON text in UTF-8");
    } catch (NumberFormatException e) {
      // 1E+2147483648: an exponent no BigDecimal holds (Jackson throws this unwrapped)
      throw IngestException.invalidJson("a number in the body is out of range");
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
