package dev.tracklayer.ingest.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.tracklayer.ingest.errors.ErrorBodies;
import dev.tracklayer.ingest.errors.IngestException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Writes pre-serialized JSON straight to the exchange. Going through the codec chain (writer
 * lookup, encoder, Flux of buffers) costs measurably at the gateway's request rates, and every body
 * here is small and already in bytes.
 */
public final class JsonResponses {
  private JsonResponses() {}

  private static final byte[] ACCEPTED_PREFIX =
      "{\"success\":true,\"event_id\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ACCEPTED_SUFFIX = "\"}".getBytes(StandardCharsets.UTF_8);

  /** 202 {@code {"success":true,"event_id":…}}. */
  public static Mono<ServerResponse> accepted(String eventId) {
    byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(eventId);
    byte[] body = new byte[ACCEPTED_PREFIX.length + quoted.length + ACCEPTED_SUFFIX.length];
    System.arraycopy(ACCEPTED_PREFIX, 0, body, 0, ACCEPTED_PREFIX.length);
    System.arraycopy(quoted, 0, body, ACCEPTED_PREFIX.length, quoted.length);
    System.arraycopy(
        ACCEPTED_SUFFIX, 0, body, ACCEPTED_PREFIX.length + quoted.length, ACCEPTED_SUFFIX.length);
    return json(HttpStatus.ACCEPTED, body, null);
  }

  public static Mono<ServerResponse> error(IngestException e) {
    return json(e.status(), ErrorBodies.render(e), e);
  }

  private static Mono<ServerResponse> json(HttpStatusCode status, byte[] body, IngestException e) {
    ServerResponse.BodyBuilder builder =
        ServerResponse.status(status)
            .contentType(MediaType.APPLICATION_JSON)
            .contentLength(body.length)
            .header("X-Content-Type-Options", "nosniff");
    if (e != null) {
      ErrorHeaders.apply(e, builder::header);
    }
    return builder.build(
        (exchange, context) -> {
          DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(body);
          return exchange.getResponse().writeWith(Mono.just(buffer));
        });
  }

  /** The headers an error implies, shared with the global error handler. */
  public static final class ErrorHeaders {
    private ErrorHeaders() {}

    public interface Sink {
      Object header(String name, String... values);
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
