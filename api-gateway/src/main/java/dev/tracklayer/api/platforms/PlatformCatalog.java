package dev.tracklayer.api.platforms;

import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import java.util.List;

/**
 * The twelve platform keys and the credential fields each needs. Both come from the destination
 * adapters, so the API accepts exactly the connections the pipeline can deliver with.
 */
public final class PlatformCatalog {
  private PlatformCatalog() {}

  public static boolean isKnown(String platform) {
    return DestinationAdapters.forPlatform(platform).isPresent();
  }

  /** Every field is required; no other field is accepted. */
  public static List<String> credentialFields(String platform) {
    return adapter(platform).requiredCredentials();
  }

  public static DestinationAdapter adapter(String platform) {
    return DestinationAdapters.forPlatform(platform)
        .orElseThrow(() -> new IllegalArgumentException("unknown platform " + platform));
  }

  public static List<String> keys() {
    return DestinationAdapters.PLATFORMS;
  }
}
