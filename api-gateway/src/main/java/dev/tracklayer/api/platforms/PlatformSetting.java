package dev.tracklayer.api.platforms;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An optional connection setting the platform reads, as GET /v1/platforms/catalog describes it.
 *
 * @param perEvent the setting is given per event: its key is {@code <key>.<event_name>}
 * @param defaultValue what applies when it is not set; null where the platform decides
 */
public record PlatformSetting(
    @Schema(example = "test_event_code") String key,
    @Schema(allowableValues = {"string", "boolean"}) String type,
    @Schema(
            description =
                "True when the setting is per event: its key is <key>.<event_name>, e.g."
                    + " event_name.purchase")
        boolean perEvent,
    @Schema(name = "default", nullable = true, description = "What applies when it is not set")
        @com.fasterxml.jackson.annotation.JsonProperty("default")
        String defaultValue,
    String label,
    String help) {

  static final String STRING = "string";
  static final String BOOLEAN = "boolean";

  static PlatformSetting text(String key, String label, String help) {
    return new PlatformSetting(key, STRING, false, null, label, help);
  }

  static PlatformSetting flag(String key, String label, String help) {
    return new PlatformSetting(key, BOOLEAN, false, "false", label, help);
  }

  static PlatformSetting perEvent(String key, String label, String help) {
    return new PlatformSetting(key, STRING, true, null, label, help);
  }

  PlatformSetting withDefault(String value) {
    return new PlatformSetting(key, type, perEvent, value, label, help);
  }
}
