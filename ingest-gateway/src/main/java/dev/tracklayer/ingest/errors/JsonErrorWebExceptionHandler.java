package dev.tracklayer.ingest.errors;

import dev.tracklayer.ingest.http.JsonResponses;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place where anything that escapes a handler becomes a response: always the
 * docs/contracts.md JSON error shape, never Boot's HTML or a stack trace. Ordered before Boot's own
 * error handler (-1).
 */
@Component
@Order(-2)
public class JsonErrorWebExceptionHandler implements WebExceptionHandler {
  private static final ThrottledWarning unhandled =
      new ThrottledWarning(LoggerFactory.getLogger(JsonErrorWebExceptionHandler.class));

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(ex);
    }
    IngestException error = toIngestException(exchange, ex);
    HttpHeaders headers = response.getHeaders();
    // Keep what filters already decided (CORS); drop whatever a failed handler half-wrote.
    headers.remove(HttpHeaders.CONTENT_LENGTH);
    headers.remove(HttpHeaders.CONTENT_ENCODING);
    response.setStatusCode(error.status());
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("X-Content-Type-Options", "nosniff");
    JsonResponses.ErrorHeaders.apply(
        error,
        (name, value) -> {
          headers.set(name, value);
          return null;
        });
    if (ex instanceof MethodNotAllowedException notAllowed) {
      headers.setAllow(notAllowed.getSupportedMethods());
    }
    byte[] body = ErrorBodies.render(error);
    headers.setContentLength(body.length);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }

  private static IngestException toIngestException(ServerWebExchange exchange, Throwable ex) {
    if (ex instanceof IngestException e) {
      return e;
    }
    if (ex instanceof DataBufferLimitException) {
      return new IngestException(
          HttpStatus.PAYLOAD_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE, "the body is too large");
    }
    if (ex instanceof ResponseStatusException e) {
      return fromStatus(exchange, e.getStatusCode(), e.getReason());
    }
    unhandled.error(
        "unhandled error on "
            + exchange.getRequest().getMethod()
            + " "
            + exchange.getRequest().getPath(),
        ex);
    return new IngestException(
        HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR, "internal error");
  }

  private static IngestException fromStatus(
      ServerWebExchange exchange, HttpStatusCode status, String reason) {
    HttpStatus known = HttpStatus.resolve(status.value());
    HttpStatus s = known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
    return switch (s) {
      case NOT_FOUND ->
          new IngestException(
              s, ErrorCodes.NOT_FOUND, "no endpoint at " + exchange.getRequest().getPath().value());
      case METHOD_NOT_ALLOWED ->
          new IngestException(
              s,
              ErrorCodes.METHOD_NOT_ALLOWED,
              exchange.getRequest().getMethod().name() + " is not allowed here");
      case UNSUPPORTED_MEDIA_TYPE ->
          new IngestException(s, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Type");
      case NOT_ACCEPTABLE ->
          new IngestException(s, ErrorCodes.NOT_ACCEPTABLE, "only application/json is produced");
      case PAYLOAD_TOO_LARGE ->
          new IngestException(s, ErrorCodes.PAYLOAD_TOO_LARGE, "the body is too large");
      case SERVICE_UNAVAILABLE ->
          new IngestException(s, ErrorCodes.INTERNAL_ERROR, "temporarily unavailable");
      default -> {
        if (s.is4xxClientError()) {
          yield new IngestException(
              s, ErrorCodes.BAD_REQUEST, reason == null ? s.getReasonPhrase() : reason);
        }
        yield new IngestException(s, ErrorCodes.INTERNAL_ERROR, "internal error");
      }
    };
  }
}
