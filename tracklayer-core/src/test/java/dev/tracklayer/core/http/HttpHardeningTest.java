package dev.tracklayer.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.RawConnection;
import dev.tracklayer.core.testing.RawConnection.Answer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A real Reactor Netty server with the guard, spoken to byte by byte. */
class HttpHardeningTest {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
  private static DisposableServer server;

  @BeforeAll
  static void start() {
    server =
        HttpHardening.apply(HttpServer.create().host("127.0.0.1").port(0), 4096, 8192, READ_TIMEOUT)
            .route(
                routes ->
                    routes
                        .get("/hello", (req, res) -> res.sendString(Mono.just("hello")))
                        .head("/hello", (req, res) -> res.sendString(Mono.just("hello")))
                        .post(
                            "/echo",
                            (req, res) ->
                                res.sendString(
                                    req.receive().aggregate().asString().defaultIfEmpty(""))))
            .bindNow();
  }

  @AfterAll
  static void stop() {
    server.disposeNow();
  }

  private static RawConnection connect() throws Exception {
    return new RawConnection(server.port(), Duration.ofSeconds(5));
  }

  private static void assertJsonError(Answer answer, int status, String code) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.header("content-type")).isEqualTo("application/json");
    assertThat(answer.header("connection")).isEqualTo("close");
    JsonNode error = Json.read(answer.body(), JsonNode.class).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("details").isArray()).isTrue();
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n";
  }

  @Test
  void anOversizedRequestLineOnAUsedKeepAliveConnectionIsAnswered414AndClosed() throws Exception {
    for (int round = 0; round < 20; round++) {
      try (RawConnection http = connect()) {
        for (int i = 0; i < 3; i++) {
          assertThat(http.send(get("/hello")).read().body()).isEqualTo("hello");
        }
        assertJsonError(http.send(get("/hello?q=" + "a".repeat(5000))).read(), 414, "uri_too_long");
        assertThat(http.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void oversizedHeadersAre431() throws Exception {
    try (RawConnection http = connect()) {
      http.send(get("/hello")).read();
      http.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
      assertJsonError(http.read(), 431, "headers_too_large");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void malformedPercentEncodingAndControlCharactersAre400() throws Exception {
    for (String target :
        new String[] {"/hello%zz", "/hello%4", "/he%0", "/a\u0001b", "/hello?{", "/a\u0080"}) {
      try (RawConnection http = connect()) {
        assertJsonError(http.send(get(target)).read(), 400, "bad_request");
      }
    }
    try (RawConnection http = connect()) {
      assertThat(http.send(get("/hello?x=%2F%e2%82%AC")).read().status()).isEqualTo(200);
    }
  }

  @Test
  void aHostHeaderThatIsNoHostIs400() throws Exception {
    for (String host : new String[] {"[::1", "a b", "x:port", "h:123456", "[zz]"}) {
      try (RawConnection http = connect()) {
        http.send("GET /hello HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        assertJsonError(http.read(), 400, "bad_request");
      }
    }
    for (String host : new String[] {"[::1]:8080", "127.0.0.1", "shop.example.com:443", "[::1]"}) {
      try (RawConnection http = connect()) {
        http.send("GET /hello HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        assertThat(http.read().body()).isEqualTo("hello");
      }
    }
  }

  @Test
  void contentLengthWithChunkedIsRefusedAndTheConnectionClosed() throws Exception {
    try (RawConnection http = connect()) {
      http.send(
          "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "0\r\n\r\n");
      assertJsonError(http.read(), 400, "bad_request");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void transferEncodingsOtherThanChunkedAloneAreRefused() throws Exception {
    for (String te : new String[] {"chunked, identity", "gzip, chunked", "identity"}) {
      try (RawConnection http = connect()) {
        http.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n");
        assertJsonError(http.read(), 400, "bad_request");
        assertThat(http.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void chunkedAloneStillWorks() throws Exception {
    try (RawConnection http = connect()) {
      http.send(
          "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
      assertThat(http.read().body()).isEqualTo("abc");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderAndAnErrorComesAfterThem() throws Exception {
    try (RawConnection http = connect()) {
      http.send(
          "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
              + get("/hello")
              + get("/bad%zz"));
      assertThat(http.read().body()).isEqualTo("abc");
      assertThat(http.read().body()).isEqualTo("hello");
      assertJsonError(http.read(), 400, "bad_request");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void aHeadAnswerHasNoBody() throws Exception {
    try (RawConnection http = connect()) {
      http.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n" + get("/hello"));
      Answer head = http.readHead();
      assertThat(head.status()).isEqualTo(200);
      // Had the HEAD answer carried a body, it would be read as the next answer's status line.
      assertThat(http.read().body()).isEqualTo("hello");
    }
  }

  @Test
  void aClientTricklingItsHeadersGets408AndIsClosed() throws Exception {
    try (RawConnection http = connect()) {
      long start = System.nanoTime();
      // Six bytes over 0.75 s, then silence: never a whole request line.
      for (char c : "GET /h".toCharArray()) {
        http.send(String.valueOf(c));
        Thread.sleep(150);
      }
      assertJsonError(http.read(), 408, "request_timeout");
      assertThat(http.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsNotTimedByTheRequestClock() throws Exception {
    try (RawConnection http = connect()) {
      http.send(get("/hello")).read();
      Thread.sleep(READ_TIMEOUT.multipliedBy(2).toMillis());
      assertThat(http.send(get("/hello")).read().body()).isEqualTo("hello");
    }
  }
}
