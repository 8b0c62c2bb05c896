package dev.tracklayer.ingest.errors;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import reactor.core.publisher.Mono;

/**
 * Functional routes do not know "right path, wrong method" (they answer 404); this last-resort
 * router turns it into 405 with Allow, and a plain OPTIONS into 204 with Allow.
 */
@Configuration
public class UnsupportedMethodRoutes {

  static final Map<String, Set<HttpMethod>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("/v1/events", methods(HttpMethod.POST, HttpMethod.OPTIONS));
    ALLOWED.put("/v1/browser/events", methods(HttpMethod.POST, HttpMethod.OPTIONS));
    ALLOWED.put("/v1/pixel.js", methods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS));
  }

  /** Every path the gateway serves and its methods: the OpenAPI document must list them all. */
  public static Map<String, Set<HttpMethod>> served() {
    return java.util.Collections.unmodifiableMap(ALLOWED);
  }

  /** In a stable order, so Allow reads the same on every response. */
  private static Set<HttpMethod> methods(HttpMethod... methods) {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(methods)));
  }

  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  RouterFunction<ServerResponse> methodNotAllowedRouter() {
    RouterFunctions.Builder routes = RouterFunctions.route();
    ALLOWED.forEach(
        (p, methods) ->
            routes.route(
                path(p),
                request -> {
                  if (request.method() == HttpMethod.OPTIONS) {
                    return ServerResponse.noContent().allow(methods).build();
                  }
                  return Mono.error(new MethodNotAllowedException(request.method(), methods));
                }));
    return routes.build();
  }
}
