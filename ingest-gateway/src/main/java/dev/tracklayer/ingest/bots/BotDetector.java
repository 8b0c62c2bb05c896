package dev.tracklayer.ingest.bots;

import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Decides from the User-Agent whether a browser event came from a person's browser. */
@Component
public class BotDetector {
  private final String[] markers;

  public BotDetector(BotProperties props) {
    this.markers =
        props.markers().stream()
            .map(String::trim)
            .filter(m -> !m.isEmpty())
            .map(m -> m.toLowerCase(Locale.ROOT))
            .toArray(String[]::new);
  }

  /** A missing or blank User-Agent counts as a bot: every real browser sends one. */
  public boolean isBot(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return true;
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    for (String marker : markers) {
      if (ua.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  List<String> markers() {
    return List.of(markers);
  }
}
