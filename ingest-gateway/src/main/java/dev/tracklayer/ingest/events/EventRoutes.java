package dev.tracklayer.ingest.events;

import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.errors.ThrottledWarning;
import dev.tracklayer.ingest.http.JsonResponses;
import java.util.function.BiFunction;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The two event endpoints, served by Reactor Netty directly (Spring Boot's {@link
 * NettyRouteProvider}); every other request, their other methods and preflights included, falls
 * through to WebFlux. WebFlux's per-request machinery (exchange, filter chain, handler mapping,
 * result handling) was a third to a half of the gateway's CPU per event, and the event endpoints
 * use none of it: they read the body themselves and write pre-serialized answers (docs/ingest.md).
 */
@Configuration
public class EventRoutes {
  private static final ThrottledWarning unhandled =
      new ThrottledWarning(LoggerFactory.getLogger(EventRoutes.class));

  static final String SERVER_PATH = "/v1/events";

  @Bean
  NettyRouteProvider eventRouteProvider(
      ServerEventHandler serverEvents, BrowserEventHandler browserEvents) {
    return routes ->
        routes
            .post(SERVER_PATH, guarded(serverEvents::handle))
            .post(BrowserCorsFilter.PATH, guarded(browserEvents::handle));
  }

  /**
   * What a handler did not turn into an answer (a bug, not bad input) is logged and answered with
   * the JSON 500 of the error contract, never a stack trace.
   */
  static BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> guarded(
      BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
    return (request, response) ->
        Mono.defer(() -> handler.apply(request, response))
            .onErrorResume(
                e -> {
                  if (response.hasSentHeaders()) {
                    return Mono.error(e); // the connection is closed; nothing else can be said
                  }
                  if (e instanceof AbortedException || AbortedException.isConnectionReset(e)) {
                    return Mono.empty(); // the client left (or was timed out) mid-request
                  }
                  unhandled.error(
                      "unhandled error on " + request.method() + " " + request.path(), e);
                  return JsonResponses.error(
                      response,
                      new IngestException(
                          HttpStatus.INTERNAL_SERVER_ERROR,
                          ErrorCodes.INTERNAL_ERROR,
                          "internal error"));
                });
  }
}
