package dev.tracklayer.api.platforms;

import dev.tracklayer.core.crypto.CredentialCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CredentialsConfiguration {
  /** Fails at start without a key: connections could be neither stored nor published. */
  @Bean
  CredentialCipher credentialCipher(CredentialsProperties properties) {
    if (properties.key() == null || properties.key().isBlank()) {
      throw new IllegalStateException(
          CredentialCipher.KEY_ENV + " (tracklayer.credentials.key) must be set");
    }
    return new CredentialCipher(properties.key());
  }
}
