package dev.tracklayer.api.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.dashboard}: the ingest gateway's address as merchants' servers and browsers
 * reach it, shown in the dashboard's first-event instructions and pixel snippet.
 */
@ConfigurationProperties("tracklayer.dashboard")
public record DashboardProperties(String ingestUrl) {
  public DashboardProperties {
    if (ingestUrl == null || ingestUrl.isBlank()) {
      ingestUrl = "http://127.0.0.1:8080";
    }
    ingestUrl = ingestUrl.replaceAll("/+$", "");
  }
}
