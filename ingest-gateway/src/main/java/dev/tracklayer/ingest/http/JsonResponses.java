package dev.tracklayer.ingest.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.tracklayer.ingest.errors.ErrorBodies;
import dev.tracklayer.ingest.errors.IngestException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Writes the event endpoints' pre-serialized JSON answers as one full HTTP response each. Every
 * body here is small and already in bytes.
 */
public final class JsonResponses {
  private JsonResponses() {}

  private static final byte[] ACCEPTED_PREFIX =
      "{\"success\":true,\"event_id\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ACCEPTED_SUFFIX = "\"}".getBytes(StandardCharsets.UTF_8);

  /** 202 {@code {"success":true,"event_id":…}}. */
  public static Mono<Void> accepted(HttpServerResponse response, String eventId) {
    byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(eventId);
    byte[] body = new byte[ACCEPTED_PREFIX.length + quoted.length + ACCEPTED_SUFFIX.length];
    System.arraycopy(ACCEPTED_PREFIX, 0, body, 0, ACCEPTED_PREFIX.length);
    System.arraycopy(quoted, 0, body, ACCEPTED_PREFIX.length, quoted.length);
    System.arraycopy(
        ACCEPTED_SUFFIX, 0, body, ACCEPTED_PREFIX.length + quoted.length, ACCEPTED_SUFFIX.length);
    return json(response, HttpStatus.ACCEPTED, body, null);
  }

  public static Mono<Void> error(HttpServerResponse response, IngestException e) {
    return json(response, e.status(), ErrorBodies.render(e), e);
  }

  private static Mono<Void> json(
      HttpServerResponse response, HttpStatus status, byte[] body, IngestException e) {
    response
        .status(status.value())
        .header(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
        .header("X-Content-Type-Options", "nosniff");
    if (e != null) {
      ErrorHeaders.apply(e, response::addHeader);
    }
    // A Mono body goes out as one full response: headers and body in a single write.
    return response.send(Mono.just(Unpooled.wrappedBuffer(body))).then();
  }

  /** The headers an error implies, shared with the global error handler. */
  public static final class ErrorHeaders {
    private ErrorHeaders() {}

    public interface Sink {
      Object header(String name, String value);
    }

    public static void apply(IngestException e, Sink sink) {
      if (e.retryAfter() != null) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        sink.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      }
      if (e.status() == HttpStatus.UNAUTHORIZED) {
        sink.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      }
    }
  }
}
