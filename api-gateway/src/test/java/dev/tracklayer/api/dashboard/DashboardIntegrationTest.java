package dev.tracklayer.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.api.support.ApiIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The gateway serves the dashboard built into its jar: the app's pages without a token (the app
 * holds no data; every /v1 call it makes carries one), bundles cached for good, and nothing else
 * opened up.
 */
class DashboardIntegrationTest extends ApiIntegrationTest {

  @Test
  void everyPageOfTheAppAnswersItsIndexWithTheIngestAddressAndAStrictPolicy() {
    for (String page : DashboardRoutes.PAGES) {
      String html =
          web.get()
              .uri(page)
              .exchange()
              .expectStatus()
              .isOk()
              .expectHeader()
              .contentTypeCompatibleWith(MediaType.TEXT_HTML)
              .expectHeader()
              .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
              .expectHeader()
              .valueEquals("Content-Security-Policy", DashboardRoutes.CONTENT_SECURITY_POLICY)
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      assertThat(html).as(page).contains("<div id=\"root\"></div>");
      assertThat(html)
          .as(page)
          .contains("name=\"tracklayer-ingest-url\" content=\"http://127.0.0.1:8080\"")
          .doesNotContain("%TRACKLAYER_INGEST_URL%");
      // HEAD, as link checkers and uptime probes send it: the same answer without the body
      web.head()
          .uri(page)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.TEXT_HTML)
          .expectBody()
          .isEmpty();
    }
  }

  @Test
  void theBundlesTheIndexNamesAreServedAndCachedForAYear() {
    String html =
        web.get().uri("/").exchange().expectBody(String.class).returnResult().getResponseBody();
    Matcher assets = Pattern.compile("(/assets/[A-Za-z0-9_.-]+\\.(?:js|css))").matcher(html);
    Set<String> found = new LinkedHashSet<>();
    while (assets.find()) {
      found.add(assets.group(1));
    }
    assertThat(found).anyMatch(a -> a.endsWith(".js")).anyMatch(a -> a.endsWith(".css"));
    for (String asset : found) {
      // streamed, not buffered: the main bundle is larger than the API's 64 KB codec limit
      Integer bytes =
          web.get()
              .uri(asset)
              .exchange()
              .expectStatus()
              .isOk()
              .expectHeader()
              .valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, public, immutable")
              .returnResult(DataBuffer.class)
              .getResponseBody()
              .map(DataBuffer::readableByteCount)
              .reduce(0, Integer::sum)
              .block();
      assertThat(bytes).as(asset).isPositive();
    }
    web.get().uri("/favicon.svg").exchange().expectStatus().isOk();
  }

  @Test
  void pathsOutsideTheAppStayClosedAndTheApiStillWantsAToken() {
    // Not pages: without a token as any unknown path; with one, a JSON 404.
    for (String path : new String[] {"/index.html", "/overview", "/events/x", "/signin/x"}) {
      web.get().uri(path).exchange().expectStatus().isUnauthorized();
    }
    get("/index.html").exchange().expectStatus().isNotFound();
    web.get().uri("/assets/missing.js").exchange().expectStatus().isNotFound();
    web.get().uri("/v1/account").exchange().expectStatus().isUnauthorized();
    // A page path is only read: a POST to it needs a token like anything else.
    web.post().uri("/events").exchange().expectStatus().isUnauthorized();
  }

  /** The app's page list and the gateway's must be the same, or a reload of a page is a 401. */
  @Test
  void theGatewayServesExactlyThePagesTheAppDeclares() throws IOException {
    String registry = Files.readString(Path.of("..", "dashboard", "src", "pages", "registry.ts"));
    Set<String> declared = new LinkedHashSet<>();
    Matcher paths = Pattern.compile("path: \"([^\"]+)\"").matcher(registry);
    while (paths.find()) {
      declared.add(paths.group(1));
    }
    declared.add("/signin");
    assertThat(declared).containsExactlyInAnyOrderElementsOf(DashboardRoutes.PAGES);
  }
}
