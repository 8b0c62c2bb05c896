package dev.tracklayer.api.platforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.FakePlatform;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** A self-hoster's setting: webhooks may deliver to receivers inside the operator's network. */
@DirtiesContext
@TestPropertySource(properties = "tracklayer.webhooks.allow-private-targets=true")
class PrivateWebhookTargetsIntegrationTest extends ApiIntegrationTest {

  @BeforeEach
  void quietPlatform() {
    PLATFORM.reset();
  }

  @Test
  void aWebhookInsideTheOperatorsNetworkIsConnectedAndTested() {
    String url = PLATFORM.url() + "/hooks/tracklayer";
    JsonNode created =
        body(
            post(
                    "/v1/platforms",
                    Map.of(
                        "platform",
                        "webhook",
                        "credentials",
                        Map.of("url", url, "signing_secret", "whsec-local")))
                .exchange()
                .expectStatus()
                .isCreated());
    JsonNode result =
        body(
            post("/v1/platforms/" + created.get("id").asText() + "/test", null)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(result.get("outcome").asText()).isEqualTo("DELIVERED");
    assertThat(result.get("ok").asBoolean()).isTrue();

    assertThat(PLATFORM.requests()).hasSize(1);
    FakePlatform.Request sent = PLATFORM.requests().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/hooks/tracklayer");
    assertThat(sent.body()).contains(result.get("event_id").asText());
  }
}
