package dev.tracklayer.api.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code tracklayer.cors.allowed-origins}: origin patterns of the dashboard. */
@ConfigurationProperties("tracklayer.cors")
public record CorsProperties(List<String> allowedOrigins) {
  public CorsProperties {
    allowedOrigins =
        allowedOrigins == null || allowedOrigins.isEmpty() ? List.of("*") : allowedOrigins;
  }
}
