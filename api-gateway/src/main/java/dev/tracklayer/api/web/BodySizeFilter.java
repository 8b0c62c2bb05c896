package dev.tracklayer.api.web;

import dev.tracklayer.api.errors.ErrorResponses;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A body announced larger than the codecs will read is 413 before any of it is read. Left to the
 * codec, the limit is only met while reading: a client announcing 1 GB and sending less kept the
 * request open until the read timeout, and Reactor Netty logged a stack trace for the refused
 * buffers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BodySizeFilter implements WebFilter {
  private final long maxBytes;
  private final ErrorResponses responses;

  public BodySizeFilter(
      @Value("${spring.codec.max-in-memory-size}") DataSize max, ErrorResponses responses) {
    this.maxBytes = max.toBytes();
    this.responses = responses;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (exchange.getRequest().getHeaders().getContentLength() > maxBytes) {
      return responses.write(
          exchange.getResponse(),
          HttpStatus.PAYLOAD_TOO_LARGE,
          "payload_too_large",
          "the body must be at most " + maxBytes + " bytes",
          List.of());
    }
    return chain.filter(exchange);
  }
}
