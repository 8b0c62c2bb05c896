package dev.tracklayer.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.Tokens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class AuthIntegrationTest extends ApiIntegrationTest {

  static List<String> badTokens() {
    String sub = Tokens.newSub();
    return List.of(
        Tokens.expired(sub),
        Tokens.wrongSignature(sub),
        Tokens.algNone(sub),
        Tokens.wrongAudience(sub),
        Tokens.withoutExpiry(sub),
        Tokens.withoutSubject(),
        Tokens.tampered(sub, Tokens.newSub()),
        "not-a-jwt",
        "a.b.c",
        "eyJhbGciOiJIUzI1NiJ9.e30");
  }

  @ParameterizedTest
  @MethodSource("badTokens")
  void refusesBadTokensWithJson401(String bad) {
    JsonNode error =
        body(
            get("/v1/account", bad)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON));
    assertThat(error.at("/error/code").asText()).isEqualTo("unauthorized");
    assertThat(error.at("/error/message").asText()).isNotBlank();
  }

  /**
   * Signed by the right key, but with a subject or email PostgreSQL cannot store (NUL, an unpaired
   * surrogate) or another control character: refused like any bad token, not a 500 from the
   * merchant lookup.
   */
  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\ud800b", "\udc00", "a\nb", "a\u007fb", "a\u0085b"})
  void refusesSubjectsAndEmailsThatCannotBeStored(String hostile) {
    for (String bad :
        List.of(
            Tokens.valid(hostile),
            Tokens.valid(Tokens.newSub(), c -> c.claim("email", hostile + "@example.com")))) {
      JsonNode error =
          body(
              get("/v1/account", bad)
                  .exchange()
                  .expectStatus()
                  .isUnauthorized()
                  .expectHeader()
                  .contentType(MediaType.APPLICATION_JSON));
      assertThat(error.at("/error/code").asText()).isEqualTo("unauthorized");
    }
  }

  /** Non-ASCII subjects that PostgreSQL stores are as good as any. */
  @Test
  void acceptsUnicodeSubjects() {
    String unicode = "usér-\ud83d\ude00-" + Tokens.newSub();
    JsonNode account =
        body(get("/v1/account", Tokens.valid(unicode)).exchange().expectStatus().isOk());
    assertThat(account.get("merchant_id").asText()).matches("[0-9a-f-]{36}");
  }

  /**
   * Supabase's anon and service_role keys are public or server-side tokens signed with the same
   * secret as users' tokens: neither is a dashboard user.
   */
  @ParameterizedTest
  @ValueSource(strings = {"anon", "service_role", "Authenticated", ""})
  void refusesTokensOfOtherRoles(String role) {
    JsonNode error =
        body(
            get("/v1/account", Tokens.valid(Tokens.newSub(), c -> c.claim("role", role)))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON));
    assertThat(error.at("/error/code").asText()).isEqualTo("unauthorized");
    get(
            "/v1/account",
            Tokens.valid(Tokens.newSub(), c -> c.claim("role", List.of("authenticated"))))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void acceptsTheAuthenticatedRoleAndTokensWithoutOne() {
    get("/v1/account", Tokens.valid(Tokens.newSub(), c -> c.claim("role", "authenticated")))
        .exchange()
        .expectStatus()
        .isOk();
    // Other identity providers (JWKS) have no role claim.
    get("/v1/account", Tokens.valid(Tokens.newSub(), c -> c.claim("role", null)))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void refusesMissingTokenAndOtherSchemes() {
    JsonNode error = body(web.get().uri("/v1/events").exchange().expectStatus().isUnauthorized());
    assertThat(error.at("/error/code").asText()).isEqualTo("unauthorized");
    web.get()
        .uri("/v1/account")
        .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    web.get()
        .uri("/v1/account")
        .header(HttpHeaders.AUTHORIZATION, "Bearer ")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("unauthorized");
  }

  @Test
  void unknownPathsNeedATokenToo() {
    web.get().uri("/v1/nope").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void publicEndpointsNeedNoToken() {
    for (String probe : List.of("/livez", "/readyz")) {
      JsonNode status = body(web.get().uri(probe).exchange().expectStatus().isOk());
      assertThat(status.get("status").asText()).isEqualTo("UP");
    }
    JsonNode doc = body(web.get().uri("/v3/api-docs").exchange().expectStatus().isOk());
    assertThat(doc.at("/paths").has("/v1/events")).isTrue();
    assertThat(doc.at("/paths").has("/v1/events/{id}/retry-failed")).isTrue();
    assertThat(doc.at("/paths").has("/v1/platforms")).isTrue();
    assertThat(doc.at("/paths").has("/v1/rules/{id}")).isTrue();
    assertThat(doc.at("/paths").has("/v1/api-keys")).isTrue();
    assertThat(doc.at("/paths").has("/v1/account")).isTrue();
    // The caller comes from the token: it is no parameter of any operation.
    assertThat(doc.toString()).doesNotContain("\"caller\"");
    // Schemas use the names on the wire.
    assertThat(doc.at("/components/schemas/EventPage/properties").has("items")).isTrue();
    assertThat(doc.at("/components/schemas/Account/properties").has("merchant_id")).isTrue();
  }

  @Test
  void onlyThePlanCatalogAndStripesWebhookAreOpenUnderBilling() {
    web.get().uri("/v1/billing/plans").exchange().expectStatus().isOk();
    web.get().uri("/v1/billing/usage").exchange().expectStatus().isUnauthorized();
    web.post().uri("/v1/billing/plans").exchange().expectStatus().isUnauthorized();
    web.get().uri("/v1/billing/webhook").exchange().expectStatus().isUnauthorized();
    JsonNode missing = body(get("/v1/billing/other").exchange().expectStatus().isNotFound());
    assertThat(missing.at("/error/code").asText()).isEqualTo("not_found");
  }

  @Test
  void theFirstCallOfANewSubjectProvisionsItsMerchant() {
    JsonNode first = body(get("/v1/account").exchange().expectStatus().isOk());
    assertThat(first.get("merchant_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(first.get("email").asText()).isEqualTo(sub + "@example.com");
    assertThat(first.get("plan").asText()).isEqualTo("free");
    JsonNode again = body(get("/v1/account").exchange().expectStatus().isOk());
    assertThat(again.get("merchant_id")).isEqualTo(first.get("merchant_id"));
    String other = merchantIdOf(Tokens.valid(Tokens.newSub()));
    assertThat(other).isNotEqualTo(first.get("merchant_id").asText());
  }

  @Test
  void concurrentFirstCallsProvisionOneMerchant() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(() -> merchantIdOf(token));
      }
      Set<String> ids = new HashSet<>();
      for (Future<String> f : pool.invokeAll(calls)) {
        ids.add(f.get());
      }
      assertThat(ids).hasSize(1);
      long merchants =
          jdbc.sql(
                  "SELECT count(*) FROM merchants m JOIN merchant_users u ON u.merchant_id = m.id"
                      + " WHERE u.sub = :sub")
              .param("sub", sub)
              .query(Long.class)
              .single();
      assertThat(merchants).isEqualTo(1);
      long orphans =
          jdbc.sql(
                  "SELECT count(*) FROM merchants m WHERE m.email = :email AND NOT EXISTS"
                      + " (SELECT 1 FROM merchant_users u WHERE u.merchant_id = m.id)")
              .param("email", sub + "@example.com")
              .query(Long.class)
              .single();
      assertThat(orphans).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void frameworkErrorsAreJsonToo() {
    JsonNode notFound = body(get("/v1/nope").exchange().expectStatus().isNotFound());
    assertThat(notFound.at("/error/code").asText()).isEqualTo("not_found");
    JsonNode notAllowed =
        body(
            web.put()
                .uri("/v1/account")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(405));
    assertThat(notAllowed.at("/error/code").asText()).isEqualTo("method_not_allowed");
    JsonNode unsupported =
        body(
            web.post()
                .uri("/v1/rules")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("name=x")
                .exchange()
                .expectStatus()
                .isEqualTo(415));
    assertThat(unsupported.at("/error/code").asText()).isEqualTo("unsupported_media_type");
    JsonNode html =
        body(
            web.get()
                .uri("/v1/nope")
                .headers(h -> h.setBearerAuth(token))
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isNotFound());
    assertThat(html.at("/error/code").asText()).isEqualTo("not_found");
  }
}
