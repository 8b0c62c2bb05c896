package dev.tracklayer.api.platforms;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.destinations.base-urls.<platform>}: origins that replace a platform's public
 * API, over the {@code TRACKLAYER_DESTINATION_<PLATFORM>_BASE_URL} variables the pipeline reads
 * too; tests point them at local fakes.
 */
@ConfigurationProperties("tracklayer.destinations")
public record DestinationProperties(Map<String, String> baseUrls) {
  public DestinationProperties {
    baseUrls = baseUrls == null ? Map.of() : Map.copyOf(baseUrls);
  }
}
