package dev.tracklayer.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracklayer.core.event.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Writes {@link ErrorBody} straight to a response, for the places that sit outside handlers. */
@Component
public class ErrorResponses {
  private final ObjectMapper json;

  public ErrorResponses(ObjectMapper json) {
    this.json = json;
  }

  public Mono<Void> write(
      ServerHttpResponse response,
      HttpStatus status,
      String code,
      String message,
      List<FieldError> details) {
    if (response.isCommitted()) {
      return Mono.empty();
    }
    byte[] body;
    try {
      body = json.writeValueAsBytes(ErrorBody.of(code, message, details));
    } catch (JsonProcessingException e) {
      body = ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"\",\"details\":[]}}").getBytes();
    }
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().setContentLength(body.length);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
