package dev.tracklayer.ingest.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.ingest.testing.GatewayTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** GET /v1/pixel.js: size budget, caching headers, ETag, and that it is the build of the source. */
class PixelScriptTest extends GatewayTestBase {
  /** "The 3.3 KB browser SDK" of the API reference, read as 3,300 bytes (not 3.3 KiB). */
  static final int BUDGET = 3300;

  static byte[] resource(String name) throws IOException {
    try (InputStream in = PixelScriptTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void servesTheMinifiedSdkWithCachingHeaders() throws Exception {
    byte[] served =
        client
            .get()
            .uri("/v1/pixel.js")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "public, max-age=300, s-maxage=3600")
            .expectHeader()
            .valueMatches(HttpHeaders.CONTENT_TYPE, "application/javascript;\\s*charset=UTF-8")
            .expectHeader()
            .valueMatches(HttpHeaders.ETAG, "\"[0-9a-f]{24}\"")
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(served).isEqualTo(resource(PixelScript.RESOURCE));
    assertThat(served.length).isLessThanOrEqualTo(BUDGET);
  }

  @Test
  void ifNoneMatchGets304() {
    String etag =
        client
            .get()
            .uri("/v1/pixel.js")
            .exchange()
            .returnResult(byte[].class)
            .getResponseHeaders()
            .getETag();
    for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
      client
          .get()
          .uri("/v1/pixel.js")
          .header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch)
          .exchange()
          .expectStatus()
          .isEqualTo(HttpStatus.NOT_MODIFIED)
          .expectHeader()
          .valueEquals(HttpHeaders.ETAG, etag)
          .expectHeader()
          .valueEquals(HttpHeaders.CACHE_CONTROL, "public, max-age=300, s-maxage=3600")
          .expectBody()
          .isEmpty();
    }
    client
        .get()
        .uri("/v1/pixel.js")
        .header(HttpHeaders.IF_NONE_MATCH, "\"stale\"")
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void headAnswersWithoutBody() {
    client
        .head()
        .uri("/v1/pixel.js")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .exists(HttpHeaders.ETAG)
        .expectBody()
        .isEmpty();
  }

  /** `npm run build` records the hash of the source it minified: a stale build fails here. */
  @Test
  void theServedFileIsTheBuildOfTheCurrentSource() throws Exception {
    byte[] source = Files.readAllBytes(Path.of("src/main/js/pixel.js"));
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
    String recorded =
        new String(
                resource(PixelScript.RESOURCE + ".source-sha256"),
                java.nio.charset.StandardCharsets.US_ASCII)
            .trim();
    assertThat(recorded)
        .as("pixel.min.js was not rebuilt after pixel.js changed: cd src/main/js && npm run build")
        .isEqualTo(hash);
  }
}
