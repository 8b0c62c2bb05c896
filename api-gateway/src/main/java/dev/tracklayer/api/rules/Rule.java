package dev.tracklayer.api.rules;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record Rule(
    UUID id,
    String name,
    boolean enabled,
    Conditions conditions,
    @Schema(description = REQUIRE_CONSENT) boolean requireConsent,
    List<String> platforms,
    Instant createdAt,
    Instant updatedAt) {

  /** The require_consent field's description, shared by the rule and its request bodies. */
  static final String REQUIRE_CONSENT =
      "Match only events whose consent.marketing is true (stated), whatever the account's"
          + " consent_when_unstated";
}
