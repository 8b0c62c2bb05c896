package dev.tracklayer.api.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of {@link ApiIntegrationTest}'s context (its servers, topics, secrets), as plain
 * name/value pairs for code that starts the API without Spring's test support (jqwik properties).
 */
public final class ApiTestProperties {
  private ApiTestProperties() {}

  public static Map<String, String> of() {
    Map<String, String> properties = new LinkedHashMap<>();
    ApiIntegrationTest.servers((name, value) -> properties.put(name, String.valueOf(value.get())));
    return properties;
  }
}
