package dev.tracklayer.api.platforms;

import dev.tracklayer.core.destinations.DestinationAdapter;
import dev.tracklayer.core.destinations.DestinationAdapters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The twelve platform keys and the credential fields each needs. Both come from the destination
 * adapters, so the API accepts exactly the connections the pipeline can deliver with; {@link
 * PlatformDescriptions} only adds words and the settings each platform reads.
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

  /**
   * GET /v1/platforms/catalog, in {@link #keys()} order. Built on each call (twelve small entries):
   * a field without words is then a 500 naming it, not a class that failed to initialize.
   */
  public static List<CatalogEntry> entries() {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    keys().forEach(platform -> fields.put(platform, credentialFields(platform)));
    return build(fields, PlatformDescriptions.BY_PLATFORM);
  }

  /** The settings {@code platform} reads; empty for an unknown platform. */
  static List<PlatformSetting> settings(String platform) {
    PlatformDescriptions.Description d =
        platform == null ? null : PlatformDescriptions.BY_PLATFORM.get(platform);
    return d == null ? List.of() : d.settings();
  }

  /**
   * The catalog of {@code fields} (platform → the adapter's credential fields, in order) in the
   * words of {@code descriptions}.
   *
   * @throws IllegalStateException when a platform or field is described nowhere, or a description
   *     names a field the platform does not have
   */
  static List<CatalogEntry> build(
      Map<String, List<String>> fields,
      Map<String, PlatformDescriptions.Description> descriptions) {
    List<CatalogEntry> entries = new ArrayList<>();
    fields.forEach(
        (platform, required) -> {
          PlatformDescriptions.Description d = descriptions.get(platform);
          if (d == null) {
            throw new IllegalStateException("platform " + platform + " has no description");
          }
          Set<String> stale = new TreeSet<>(d.fields().keySet());
          required.forEach(stale::remove);
          if (!stale.isEmpty()) {
            throw new IllegalStateException(platform + " describes unknown credentials " + stale);
          }
          List<CatalogEntry.CredentialField> credentials = new ArrayList<>();
          for (String field : required) {
            PlatformDescriptions.Field f = d.fields().get(field);
            if (f == null) {
              throw new IllegalStateException(
                  platform + " credential " + field + " is not described");
            }
            credentials.add(
                new CatalogEntry.CredentialField(field, f.label(), f.secret(), f.help()));
          }
          entries.add(
              new CatalogEntry(
                  platform, d.name(), List.copyOf(credentials), d.settings(), d.docsUrl()));
        });
    return List.copyOf(entries);
  }
}
