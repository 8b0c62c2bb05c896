package dev.tracklayer.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** What the event routes answer when a handler fails in a way it did not turn into a 4xx. */
class EventRoutesTest {

  @Test
  void aBugIsAJson500WithoutItsMessageOrStackTrace() throws Exception {
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes
                        .post(
                            "/thrown",
                            EventRoutes.guarded(
                                (request, response) -> {
                                  throw new IllegalStateException("secret detail");
                                }))
                        .post(
                            "/signalled",
                            EventRoutes.guarded(
                                (request, response) ->
                                    Mono.error(new IllegalStateException("secret detail")))))
            .bindNow();
    try {
      for (String path : new String[] {"/thrown", "/signalled"}) {
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(path).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = Json.mapper().readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("internal_error");
        assertThat(response.body()).doesNotContain("secret detail", "Exception", "at dev.");
      }
    } finally {
      server.disposeNow();
    }
  }
}
