package dev.tracklayer.api.platforms;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * POST /v1/platforms body, e.g. {@code {"platform":"meta","name":"Main pixel","credentials":
 * {"pixel_id":"…","access_token":"…"},"settings":{"test_event_code":"TEST123"}}}.
 */
public record NewPlatform(
    String platform,
    String name,
    Map<String, String> credentials,
    @Schema(
            description =
                "Optional extras such as Meta's test_event_code. A webhook's respect_consent"
                    + " (true or false, default false): true makes it skip events without"
                    + " marketing consent as ad platforms do")
        Map<String, String> settings) {
  /** Credentials must never reach a log line through this record. */
  @Override
  public String toString() {
    return "NewPlatform{platform=" + platform + ", name=" + name + "}";
  }
}
