package dev.tracklayer.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.ingest.testing.Events;
import dev.tracklayer.ingest.testing.GatewayTestSupport;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What one client may cost the gateway: refused requests count against a budget, after which it is
 * refused unread; bad input never logs a stack trace; a revoked key stops at once.
 */
class ClientLimitsTest extends GatewayTestSupport {
  private static final int BUDGET = 5;
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

  static {
    KAFKA.createTopics(1, "events.limits");
  }

  @DynamicPropertySource
  static void limits(DynamicPropertyRegistry r) {
    register(r, properties(KAFKA.bootstrapServers(), "events.limits", ""));
    r.add("tracklayer.ingest.error-budget.limit", () -> BUDGET);
    // Long enough that only the revocation notice can explain a key stopping within seconds.
    r.add("tracklayer.ingest.keys.cache-ttl", () -> "25s");
  }

  private static String freshIp() {
    return "198.51.100." + NEXT_IP.getAndIncrement();
  }

  private WebTestClient.ResponseSpec browser(String body, String ip) {
    return client
        .post()
        .uri("/v1/browser/events")
        .contentType(MediaType.TEXT_PLAIN)
        .header("X-Forwarded-For", ip)
        .header(HttpHeaders.USER_AGENT, BrowserEventsTest.CHROME)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec server(String secret, String body, String ip) {
    return client
        .post()
        .uri("/v1/events")
        .contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + secret)
        .header("X-Forwarded-For", ip)
        .bodyValue(body)
        .exchange();
  }

  private static String pageView(String merchantId) {
    return Json.toJson(Events.pageView(merchantId, Events.newEventId()));
  }

  @Test
  void aBrowserClientSendingOnlyGarbageIsRefusedUnreadOnceItsBudgetIsSpent() {
    String merchant = DATA.createMerchant("active");
    String garbage = freshIp();
    for (int i = 0; i <= BUDGET; i++) {
      browser("{\"event_name\":", garbage).expectStatus().isBadRequest();
    }
    browser(pageView(merchant), garbage)
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists(HttpHeaders.RETRY_AFTER)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("rate_limited");
    browser(pageView(merchant), freshIp()).expectStatus().isAccepted();
  }

  @Test
  void guessingApiKeysSpendsTheBudgetButAMerchantsInvalidEventsDoNot() {
    Key key = DATA.createMerchantWithKey();
    String guesser = freshIp();
    for (int i = 0; i <= BUDGET; i++) {
      server("tl_live_guessedguessedguessed" + i, pageView(key.merchantId()), guesser)
          .expectStatus()
          .isUnauthorized();
    }
    server(key.secret(), pageView(key.merchantId()), guesser).expectStatus().isEqualTo(429);

    String merchantServer = freshIp();
    for (int i = 0; i < BUDGET * 3; i++) {
      server(key.secret(), "{\"event_name\":\"\"}", merchantServer).expectStatus().isBadRequest();
    }
    server(key.secret(), pageView(key.merchantId()), merchantServer).expectStatus().isAccepted();
  }

  @Test
  void hostileBodiesAreAnswered400AndNeverLogAStackTrace() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    try {
      Key key = DATA.createMerchantWithKey();
      for (int i = 0; i < 10; i++) {
        for (String body :
            new String[] {"1E+2147483648", "{\"value\":0.1e-2147483647}", "[1e99999999999]"}) {
          browser(body, freshIp())
              .expectStatus()
              .isBadRequest()
              .expectBody()
              .jsonPath("$.error.code")
              .isEqualTo("invalid_json");
          server(key.secret(), body, freshIp()).expectStatus().isBadRequest();
        }
      }
    } finally {
      root.detachAppender(appender);
    }
    assertThat(appender.list).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
  }

  @Test
  void aRevokedKeyStopsAtOnceNotWhenItsCacheEntryExpires() throws Exception {
    Key key = DATA.createMerchantWithKey();
    String ip = freshIp();
    server(key.secret(), pageView(key.merchantId()), ip).expectStatus().isAccepted();

    DATA.revoke(key);
    Instant revokedAt = Instant.now();
    while (server(key.secret(), pageView(key.merchantId()), ip)
            .returnResult(Void.class)
            .getStatus()
            .value()
        == 202) {
      assertThat(Duration.between(revokedAt, Instant.now()))
          .as("revoked key still accepted")
          .isLessThan(Duration.ofSeconds(3));
      Thread.sleep(50);
    }
    server(key.secret(), pageView(key.merchantId()), ip).expectStatus().isUnauthorized();
  }
}
