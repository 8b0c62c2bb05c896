package dev.tracklayer.ingest.pixel;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** GET /v1/pixel.js: the browser SDK, cacheable by browsers for 5 minutes and CDNs for an hour. */
@Configuration
public class PixelRoutes {
  static final String CACHE_CONTROL = "public, max-age=300, s-maxage=3600";
  static final MediaType JAVASCRIPT =
      new MediaType("application", "javascript", java.nio.charset.StandardCharsets.UTF_8);

  @Bean
  PixelScript pixelScript() {
    return PixelScript.load();
  }

  @Bean
  @Order(0) // before the 405 fallback of UnsupportedMethodRoutes
  RouterFunction<ServerResponse> pixelRouter(PixelScript script) {
    return RouterFunctions.route(
        GET("/v1/pixel.js").or(HEAD("/v1/pixel.js")), request -> serve(request, script));
  }

  static Mono<ServerResponse> serve(ServerRequest request, PixelScript script) {
    if (script.matches(request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH))) {
      return ServerResponse.status(HttpStatus.NOT_MODIFIED)
          .eTag(script.etag())
          .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
          .build();
    }
    return ServerResponse.ok()
        .contentType(JAVASCRIPT)
        .eTag(script.etag())
        .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
        .header("X-Content-Type-Options", "nosniff")
        // Storefronts that isolate themselves (COEP) may still load it from our origin.
        .header("Cross-Origin-Resource-Policy", "cross-origin")
        .contentLength(script.bytes().length)
        .bodyValue(script.bytes());
  }
}
