package dev.tracklayer.api.platforms;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.credentials.key}: base64 of the 32-byte AES key (TRACKLAYER_CREDENTIALS_KEY).
 */
@ConfigurationProperties("tracklayer.credentials")
public record CredentialsProperties(String key) {
  @Override
  public String toString() {
    return "CredentialsProperties[key hidden]";
  }
}
