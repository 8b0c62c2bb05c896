package dev.tracklayer.api.platforms;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * One platform of GET /v1/platforms/catalog: what a form needs to connect it.
 *
 * @param credentials the adapter's required credential fields, in its order: POST /v1/platforms
 *     takes exactly these
 * @param settings the optional settings the platform reads
 */
public record CatalogEntry(
    @Schema(description = "The platform key of POST /v1/platforms", example = "meta")
        String platform,
    @Schema(example = "Meta") String name,
    List<CredentialField> credentials,
    List<PlatformSetting> settings,
    @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
            description = "Where the platform explains how to find these values",
            nullable = true)
        String docsUrl) {

  /**
   * @param secret shown as a password field: a token or key that grants access
   */
  public record CredentialField(
      @Schema(example = "pixel_id") String field,
      @Schema(example = "Pixel ID") String label,
      boolean secret,
      String help) {}
}
