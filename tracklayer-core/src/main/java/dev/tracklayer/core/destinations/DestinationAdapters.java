package dev.tracklayer.core.destinations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every adapter, by platform key. Adding a platform: its adapter file, its test, one line here. */
public final class DestinationAdapters {

  /** The platform keys, in docs/contracts.md order. */
  public static final List<String> PLATFORMS =
      List.of(
          "meta",
          "tiktok",
          "ga4",
          "google_ads",
          "snapchat",
          "pinterest",
          "reddit",
          "linkedin",
          "x",
          "microsoft",
          "klaviyo",
          "webhook");

  private static final Map<String, DestinationAdapter> BY_PLATFORM = index();

  private DestinationAdapters() {}

  public static Optional<DestinationAdapter> forPlatform(String platform) {
    return platform == null ? Optional.empty() : Optional.ofNullable(BY_PLATFORM.get(platform));
  }

  /** In {@link #PLATFORMS} order. */
  public static List<DestinationAdapter> all() {
    return List.copyOf(BY_PLATFORM.values());
  }

  private static Map<String, DestinationAdapter> index() {
    List<DestinationAdapter> adapters =
        List.of(
            new MetaAdapter(),
            new TikTokAdapter(),
            new Ga4Adapter(),
            new GoogleAdsAdapter(),
            new SnapchatAdapter(),
            new PinterestAdapter(),
            new RedditAdapter(),
            new LinkedInAdapter(),
            new XAdapter(),
            new MicrosoftAdapter(),
            new KlaviyoAdapter(),
            new WebhookAdapter());
    Map<String, DestinationAdapter> map = new LinkedHashMap<>();
    for (DestinationAdapter a : adapters) {
      map.put(a.platform(), a);
    }
    if (!List.copyOf(map.keySet()).equals(PLATFORMS)) {
      throw new IllegalStateException("adapters " + map.keySet() + " do not match " + PLATFORMS);
    }
    return map;
  }
}
