package dev.tracklayer.ingest.events;

import java.util.function.BiConsumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the browser endpoint: any storefront origin may post events, without credentials (the
 * pixel puts its first-party ids in the body, so no cookie needs to cross). Written out rather than
 * Spring's CorsWebFilter, whose refusals are bodiless 403s outside the JSON error contract.
 *
 * <p>This filter answers preflights and decorates the path's other answers (405s); the POST itself
 * is served by {@link EventRoutes} outside WebFlux and adds {@link #addResponseHeaders} itself.
 */
@Component
public class BrowserCorsFilter implements WebFilter {
  static final String PATH = "/v1/browser/events";

  /** What every answer to a cross-origin request carries. */
  static void addResponseHeaders(
      io.netty.handler.codec.http.HttpHeaders request, BiConsumer<String, String> response) {
    if (request.contains(HttpHeaders.ORIGIN)) {
      response.accept(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
      response.accept(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaders.RETRY_AFTER);
    }
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (!PATH.equals(request.getPath().pathWithinApplication().value())
        || !request.getHeaders().containsKey(HttpHeaders.ORIGIN)) {
      return chain.filter(exchange);
    }
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    if (request.getMethod() == HttpMethod.OPTIONS
        && request.getHeaders().containsKey(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST");
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type");
      headers.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
      exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
      return exchange.getResponse().setComplete();
    }
    headers.set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaders.RETRY_AFTER);
    return chain.filter(exchange);
  }
}
