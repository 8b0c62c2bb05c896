package dev.tracklayer.ingest.testing;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** The same event posted many times at once, as a retrying client fleet would. */
public final class ConcurrentPosts {
  private ConcurrentPosts() {}

  /** Fires {@code n} identical posts at once, each on its own connection; counts by status. */
  public static Map<Integer, Long> identical(int port, Key key, String eventId, int n) {
    return post(port, key, i -> eventId, n);
  }

  /** Fires {@code n} posts of different events at once, each on its own connection. */
  public static Map<Integer, Long> distinct(int port, Key key, int n) {
    return post(port, key, i -> Events.newEventId(), n);
  }

  private static Map<Integer, Long> post(
      int port, Key key, java.util.function.IntFunction<String> eventIds, int n) {
    ConnectionProvider connections =
        ConnectionProvider.builder("concurrent-posts").maxConnections(n).build();
    try {
      WebClient web =
          WebClient.builder()
              .baseUrl("http://127.0.0.1:" + port)
              .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
              .build();
      return Flux.range(0, n)
          .flatMap(
              i ->
                  web.post()
                      .uri("/v1/events")
                      .header(HttpHeaders.AUTHORIZATION, "Bearer " + key.secret())
                      .contentType(MediaType.APPLICATION_JSON)
                      .bodyValue(Json.toJson(Events.purchase(key.merchantId(), eventIds.apply(i))))
                      .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())),
              n)
          .collectList()
          .block(Duration.ofSeconds(60))
          .stream()
          .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    } finally {
      connections.dispose();
    }
  }
}
