package dev.tracklayer.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tracklayer.api.web.StrictJsonDecoder.NotJsonTextException;
import dev.tracklayer.core.event.FieldError;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error of every request becomes {@link ErrorBody}: ours, the framework's (unknown path,
 * wrong method, unreadable body) and unexpected ones. Runs before Boot's handler, which would
 * answer HTML to a browser. Messages are written here, never taken from exceptions that might carry
 * request values (a mistyped credential would otherwise be echoed back).
 */
@Component
@Order(-2)
public class GlobalErrorHandler implements WebExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalErrorHandler.class);

  private final ErrorResponses responses;

  public GlobalErrorHandler(ErrorResponses responses) {
    this.responses = responses;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    var response = exchange.getResponse();
    if (ex instanceof ApiException api) {
      if (api.retryAfter() != null) {
        long seconds = Math.max(1, (api.retryAfter().toMillis() + 999) / 1000);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      }
      return responses.write(response, api.status(), api.code(), api.getMessage(), api.details());
    }
    if (ex instanceof MethodNotAllowedException notAllowed) {
      response.getHeaders().setAllow(notAllowed.getSupportedMethods());
      return responses.write(
          response,
          HttpStatus.METHOD_NOT_ALLOWED,
          "method_not_allowed",
          notAllowed.getHttpMethod() + " is not allowed here",
          List.of());
    }
    if (ex instanceof UnsupportedMediaTypeStatusException) {
      return responses.write(
          response,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "send the body as application/json",
          List.of());
    }
    if (ex instanceof NotAcceptableStatusException) {
      return responses.write(
          response, HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "answers are JSON", List.of());
    }
    if (ex instanceof ServerWebInputException input) {
      return badInput(exchange, input);
    }
    if (ex instanceof DataBufferLimitException) {
      return responses.write(
          response, HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", "body too large", List.of());
    }
    if (ex instanceof ResponseStatusException status) {
      return byStatus(exchange, status.getStatusCode());
    }
    LOG.error(
        "unhandled error on {} {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        ex);
    return responses.write(
        response,
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal_error",
        "something went wrong on our side",
        List.of());
  }

  private Mono<Void> byStatus(ServerWebExchange exchange, HttpStatusCode code) {
    HttpStatus status = HttpStatus.resolve(code.value());
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    if (status == HttpStatus.NOT_FOUND) {
      return responses.write(
          exchange.getResponse(), status, "not_found", "no such resource", List.of());
    }
    if (status == HttpStatus.PAYLOAD_TOO_LARGE) {
      return responses.write(
          exchange.getResponse(), status, "payload_too_large", "body too large", List.of());
    }
    String reason = status.name().toLowerCase(java.util.Locale.ROOT);
    return responses.write(
        exchange.getResponse(), status, reason, status.getReasonPhrase(), List.of());
  }

  private Mono<Void> badInput(ServerWebExchange exchange, ServerWebInputException input) {
    Throwable cause = input.getCause();
    while (cause != null && !(cause instanceof JsonProcessingException)) {
      if (cause instanceof DataBufferLimitException) {
        return responses.write(
            exchange.getResponse(),
            HttpStatus.PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "body too large",
            List.of());
      }
      cause = cause.getCause();
    }
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return invalidBody(
          exchange, FieldError.INVALID_VALUE, path(unknown), "unknown field", "unknown_field");
    }
    if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
      return invalidBody(
          exchange,
          FieldError.INVALID_TYPE,
          path((JsonMappingException) cause),
          "wrong type",
          "validation_failed");
    }
    if (cause instanceof JsonProcessingException) {
      return responses.write(
          exchange.getResponse(),
          HttpStatus.BAD_REQUEST,
          "invalid_json",
          "the body is not valid JSON",
          List.of());
    }
    if (input.getCause() instanceof DecodingException decoding) {
      return responses.write(
          exchange.getResponse(),
          HttpStatus.BAD_REQUEST,
          "invalid_json",
          decoding instanceof NotJsonTextException
              ? decoding.getMessage()
              : "the body is not valid JSON",
          List.of());
    }
    String reason = input.getReason() == null ? "" : input.getReason();
    if (reason.contains("body")) {
      return responses.write(
          exchange.getResponse(),
          HttpStatus.BAD_REQUEST,
          "missing_body",
          "a JSON body is required",
          List.of());
    }
    String parameter =
        input.getMethodParameter() == null ? null : input.getMethodParameter().getParameterName();
    return responses.write(
        exchange.getResponse(),
        HttpStatus.BAD_REQUEST,
        "invalid_parameter",
        parameter == null ? "invalid request" : "invalid parameter " + parameter,
        List.of());
  }

  private Mono<Void> invalidBody(
      ServerWebExchange exchange, String fieldCode, String path, String message, String code) {
    return responses.write(
        exchange.getResponse(),
        HttpStatus.BAD_REQUEST,
        code,
        "the request is not valid",
        List.of(new FieldError(fieldCode, path, message)));
  }

  /** $.a.b[2] from Jackson's reference chain; names only, never values. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
