package dev.tracklayer.core.destinations;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An OAuth access token obtained through {@link DestinationAdapter#tokenRequest}.
 *
 * @param accessToken the bearer token
 * @param expiresIn lifetime as the authorization server stated it
 */
public record TokenGrant(String accessToken, Duration expiresIn) {

  public TokenGrant {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(expiresIn, "expiresIn");
  }

  public Instant expiresAt(Instant issuedAt) {
    return issuedAt.plus(expiresIn);
  }

  @Override
  public String toString() {
    return "TokenGrant{expiresIn=" + expiresIn + "}";
  }
}
