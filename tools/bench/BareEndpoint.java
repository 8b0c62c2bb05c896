// The benchmark's baseline: a Spring Boot WebFlux app with only what spring-boot-starter-webflux
// configures, whose POST /v1/events reads the body and answers 202 with a small JSON body. It runs
// on the gateway's own jars (same Spring, Reactor Netty, JVM) through the JDK's single-file source
// launcher; tools/bench/ingest starts it.

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@SpringBootConfiguration
@Import({
  PropertyPlaceholderAutoConfiguration.class,
  ReactiveWebServerFactoryAutoConfiguration.class,
  WebFluxAutoConfiguration.class,
  HttpHandlerAutoConfiguration.class,
  ErrorWebFluxAutoConfiguration.class,
  CodecsAutoConfiguration.class,
  JacksonAutoConfiguration.class
})
public class BareEndpoint {
  private static final byte[] BODY =
      "{\"success\":true,\"event_id\":\"bare\"}".getBytes(StandardCharsets.UTF_8);

  @Bean
  RouterFunction<ServerResponse> bare() {
    return RouterFunctions.route(
        POST("/v1/events"),
        request ->
            request
                .bodyToMono(org.springframework.core.io.buffer.DataBuffer.class)
                .doOnNext(DataBufferUtils::release)
                .then(
                    ServerResponse.accepted()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(BODY)));
  }

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(BareEndpoint.class);
    app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
    app.run(args);
  }
}
