package dev.tracklayer.core.destinations;

import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link DestinationAdapter#build} needs besides the events and the connection, so that
 * building stays a pure function: the endpoints, the clock reading, a nonce (X's OAuth 1.0a) and,
 * for platforms that need one, the OAuth access token that the I/O layer obtained.
 */
public final class DeliveryContext implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Endpoints endpoints;
  private final Instant now;
  private final String nonce;
  private final String accessToken;

  public DeliveryContext(Endpoints endpoints, Instant now, String nonce, String accessToken) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.now = Objects.requireNonNull(now, "now");
    this.nonce = Objects.requireNonNull(nonce, "nonce");
    this.accessToken = accessToken;
  }

  /** A fresh random nonce and no access token. */
  public static DeliveryContext of(Endpoints endpoints, Instant now) {
    return new DeliveryContext(endpoints, now, randomNonce(), null);
  }

  public static DeliveryContext of(Endpoints endpoints, Instant now, String nonce) {
    return new DeliveryContext(endpoints, now, nonce, null);
  }

  /** 32 hex characters: OAuth 1.0a only asks for uniqueness per timestamp. */
  public static String randomNonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  public DeliveryContext withAccessToken(String token) {
    return new DeliveryContext(endpoints, now, nonce, token);
  }

  public DeliveryContext withNow(Instant instant) {
    return new DeliveryContext(endpoints, instant, nonce, accessToken);
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public Instant now() {
    return now;
  }

  public String nonce() {
    return nonce;
  }

  public Optional<String> accessToken() {
    return Optional.ofNullable(accessToken);
  }

  @Override
  public String toString() {
    return "DeliveryContext{now=" + now + ", accessToken=" + (accessToken != null) + "}";
  }
}
