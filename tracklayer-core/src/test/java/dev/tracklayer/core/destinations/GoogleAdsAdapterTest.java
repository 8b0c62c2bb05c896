package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracklayer.core.event.TrackEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoogleAdsAdapterTest {

  private final GoogleAdsAdapter ads = new GoogleAdsAdapter();
  private final Credentials creds =
      Credentials.of(
          "customer_id", "123-456-7890",
          "conversion_action_id", "987654",
          "developer_token", "dev-tok",
          "client_id", "cid.apps.googleusercontent.com",
          "client_secret", "csecret",
          "refresh_token", "1//refresh/token");

  @Test
  void tokenRequestExchangesTheRefreshToken() {
    DeliveryRequest r = ads.tokenRequest(creds, ctx()).orElseThrow();
    assertThat(r.url()).isEqualTo("https://oauth2.googleapis.com/token");
    assertThat(r.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    assertThat(r.body())
        .isEqualTo(
            "grant_type=refresh_token&client_id=cid.apps.googleusercontent.com"
                + "&client_secret=csecret&refresh_token=1%2F%2Frefresh%2Ftoken");
    Endpoints custom = new Endpoints(Map.of(Endpoints.GOOGLE_OAUTH, "http://oauth.local/"));
    assertThat(ads.tokenRequest(creds, DeliveryContext.of(custom, NOW)).orElseThrow().url())
        .isEqualTo("http://oauth.local/token");
  }

  @Test
  void parsesTokensAndTokenErrors() {
    TokenGrant g =
        ads.parseToken(
            response(
                200,
                "{\"access_token\":\"ya29.a\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
    assertThat(g.accessToken()).isEqualTo("ya29.a");
    assertThat(g.expiresIn()).isEqualTo(Duration.ofSeconds(3599));

    assertThatThrownBy(
            () ->
                ads.parseToken(
                    response(
                        400,
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}")))
        .isInstanceOfSatisfying(
            TokenException.class,
            e -> {
              assertThat(e.outcome().isFailed()).isTrue();
              assertThat(e.outcome().message()).contains("invalid_grant").contains("revoked");
            });
    assertThatThrownBy(() -> ads.parseToken(response(503, "")))
        .isInstanceOfSatisfying(
            TokenException.class, e -> assertThat(e.outcome().isRetry()).isTrue());
  }

  @Test
  void uploadPayload() {
    DeliveryRequest r =
        ads.build(
            List.of(TestEvents.purchase()),
            creds,
            Map.of("login_customer_id", "111-222-3333"),
            ctx().withAccessToken("ya29.token"));
    assertThat(r.url())
        .isEqualTo(
            "https://googleads.googleapis.com/v24/customers/1234567890:uploadClickConversions");
    assertThat(r.headers())
        .containsEntry("Authorization", "Bearer ya29.token")
        .containsEntry("developer-token", "dev-tok")
        .containsEntry("login-customer-id", "1112223333");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"conversions":[{
                   "conversionAction":"customers/1234567890/conversionActions/987654",
                   "conversionDateTime":"2026-04-20 09:40:00+00:00",
                   "conversionValue":129.99,"currencyCode":"USD","orderId":"12345",
                   "gclid":"Cj0KCQiA-gclid",
                   "userIdentifiers":[
                     {"userIdentifierSource":"FIRST_PARTY","hashedEmail":"{{em}}"},
                     {"userIdentifierSource":"FIRST_PARTY","hashedPhoneNumber":"{{ph}}"},
                     {"userIdentifierSource":"FIRST_PARTY","addressInfo":{
                        "hashedFirstName":"{{fn}}","hashedLastName":"{{ln}}",
                        "city":"san francisco","state":"ca","countryCode":"US","postalCode":"94103"}}]}],
                 "partialFailure":true}
                """,
                TestEvents.googleUser()));
  }

  @Test
  void buildNeedsTheAccessToken() {
    assertThatThrownBy(() -> ads.build(List.of(TestEvents.purchase()), creds, Map.of(), ctx()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void onlyConversionsAreEligible() {
    assertThat(ads.skipReason(TestEvents.named("page_view"), Map.of(), NOW))
        .hasValueSatisfying(r -> assertThat(r).contains("not a Google Ads conversion"));
    assertThat(ads.skipReason(TestEvents.purchase(), Map.of(), NOW)).isEmpty();
    assertThat(
            ads.skipReason(
                TestEvents.named("generate_lead"),
                Map.of("conversion_events", "lead, purchase"),
                NOW))
        .isEmpty();
    Map<String, String> own = Map.of("conversion_action_id.sign_up", "555");
    assertThat(ads.skipReason(TestEvents.named("sign_up"), own, NOW)).isEmpty();
    TrackEvent signUp = TestEvents.named("sign_up");
    assertThat(
            body(ads.build(List.of(signUp), creds, own, ctx().withAccessToken("t")))
                .at("/conversions/0/conversionAction")
                .asText())
        .isEqualTo("customers/1234567890/conversionActions/555");
  }

  @Test
  void needsAClickIdOrUserIdentifiers() {
    TrackEvent e = TestEvents.anonymous("purchase");
    assertThat(ads.skipReason(e, Map.of(), NOW))
        .hasValueSatisfying(r -> assertThat(r).contains("gclid"));
    e.userData.email = "a@b.co";
    assertThat(ads.skipReason(e, Map.of(), NOW)).isEmpty();
  }

  @Test
  void orderIdFallsBackToTheEventIdForIdempotentUploads() {
    TrackEvent e = TestEvents.purchase();
    e.orderId = null;
    assertThat(
            body(ads.build(List.of(e), creds, Map.of(), ctx().withAccessToken("t")))
                .at("/conversions/0/orderId")
                .asText())
        .isEqualTo("order-12345");
  }

  @Test
  void partialFailureNamesTheFailingRows() {
    String body =
        """
        {"results":[{"gclid":"a","conversionAction":"customers/1/conversionActions/2"},{},{}],
         "partialFailureError":{"code":3,"message":"The click was not found, at conversions[1]",
           "details":[{"@type":"type.googleapis.com/google.ads.googleads.v24.errors.GoogleAdsFailure",
             "errors":[
               {"errorCode":{"conversionUploadError":"CLICK_NOT_FOUND"},
                "message":"The click associated with the given identifier was not found.",
                "location":{"fieldPathElements":[{"fieldName":"conversions","index":1},{"fieldName":"gclid"}]}},
               {"errorCode":{"internalError":"INTERNAL_ERROR"},"message":"Internal error.",
                "location":{"fieldPathElements":[{"fieldName":"conversions","index":2}]}}]}]}}
        """;
    List<Outcome> out = ads.classify(response(200, body), 3);
    assertThat(out.get(0).isDelivered()).isTrue();
    assertThat(out.get(1).isFailed()).isTrue();
    assertThat(out.get(1).message())
        .isEqualTo(
            "conversionUploadError.CLICK_NOT_FOUND: The click associated with the given identifier was not found.");
    assertThat(out.get(2).isRetry()).isTrue();
  }

  @Test
  void requestErrors() {
    String invalid =
        """
        {"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT",
          "details":[{"@type":"type.googleapis.com/google.ads.googleads.v24.errors.GoogleAdsFailure",
            "errors":[{"errorCode":{"authorizationError":"DEVELOPER_TOKEN_NOT_APPROVED"},
                       "message":"The developer token is only approved for use with test accounts."}]}]}}
        """;
    Outcome failed = ads.classify(response(400, invalid), 2).get(1);
    assertThat(failed.isFailed()).isTrue();
    assertThat(failed.message())
        .startsWith("authorizationError.DEVELOPER_TOKEN_NOT_APPROVED: The developer token");

    assertThat(
            ads.classify(
                    response(
                        401,
                        "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\",\"message\":\"expired\"}}"),
                    1)
                .get(0)
                .isRetry())
        .isTrue();

    String quota =
        """
        {"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"Resource has been exhausted",
          "details":[{"errors":[{"errorCode":{"quotaError":"RESOURCE_EXHAUSTED"},"message":"Too many requests.",
             "details":{"quotaErrorDetails":{"rateScope":"DEVELOPER","rateName":"Number of operations","retryDelay":"30s"}}}]}]}}
        """;
    Outcome throttled = ads.classify(response(429, quota), 1).get(0);
    assertThat(throttled.isRetry()).isTrue();
    assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(ads.classify(response(500, ""), 1).get(0).isRetry()).isTrue();
  }

  @Test
  void contract() {
    assertThat(ads.platform()).isEqualTo("google_ads");
    assertThat(ads.requiredCredentials())
        .containsExactly(
            "customer_id",
            "conversion_action_id",
            "developer_token",
            "client_id",
            "client_secret",
            "refresh_token");
    assertThat(ads.maxBatchSize()).isEqualTo(2000);
  }
}
