package dev.tracklayer.ingest.events;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration
public class EventRoutes {

  @Bean
  @Order(0) // before the 405 fallback of UnsupportedMethodRoutes
  RouterFunction<ServerResponse> eventRouter(
      ServerEventHandler serverEvents, BrowserEventHandler browserEvents) {
    return RouterFunctions.route(POST("/v1/events"), serverEvents::handle)
        .andRoute(POST("/v1/browser/events"), browserEvents::handle);
  }
}
