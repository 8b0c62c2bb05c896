package dev.tracklayer.api.platforms;

import java.util.Map;

/**
 * POST /v1/platforms body, e.g. {@code {"platform":"meta","name":"Main pixel","credentials":
 * {"pixel_id":"…","access_token":"…"},"settings":{"test_event_code":"TEST123"}}}.
 */
public record NewPlatform(
    String platform, String name, Map<String, String> credentials, Map<String, String> settings) {
  /** Credentials must never reach a log line through this record. */
  @Override
  public String toString() {
    return "NewPlatform{platform=" + platform + ", name=" + name + "}";
  }
}
