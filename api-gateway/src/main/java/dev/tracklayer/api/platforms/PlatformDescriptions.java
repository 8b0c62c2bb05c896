package dev.tracklayer.api.platforms;

import dev.tracklayer.core.config.ConnectionConfig;
import java.util.List;
import java.util.Map;

/**
 * The words beside the adapters: a display name, a label and help for each credential field, and
 * the settings each platform reads (the adapters' {@code Settings:} notes). Which credential fields
 * exist comes from the adapters alone ({@link PlatformCatalog#entries()} fails on a field described
 * nowhere here, and on a description of a field no adapter has).
 */
final class PlatformDescriptions {
  private PlatformDescriptions() {}

  record Field(String label, boolean secret, String help) {}

  record Description(
      String name, String docsUrl, Map<String, Field> fields, List<PlatformSetting> settings) {}

  private static Field id(String label, String help) {
    return new Field(label, false, help);
  }

  private static Field secret(String label, String help) {
    return new Field(label, true, help);
  }

  private static final PlatformSetting EVENT_NAME =
      PlatformSetting.perEvent(
          "event_name",
          "Event name on the platform",
          "Sends this TrackLayer event under another name, e.g. event_name.signup = Lead;"
              + " without it the platform's standard name is used");

  private static final PlatformSetting API_VERSION =
      PlatformSetting.text(
          "api_version",
          "API version",
          "Leave empty to use the version TrackLayer is built and tested against");

  private static final PlatformSetting CONVERSION_EVENTS =
      PlatformSetting.text(
              "conversion_events",
              "Conversion events",
              "Comma-separated event names sent as conversions; other events are skipped")
          .withDefault("purchase");

  static final Map<String, Description> BY_PLATFORM =
      Map.ofEntries(
          Map.entry(
              "meta",
              new Description(
                  "Meta",
                  "https://developers.facebook.com/docs/marketing-api/conversions-api/get-started",
                  Map.of(
                      "pixel_id",
                      id("Pixel ID", "Events Manager → your dataset → Settings: the dataset ID"),
                      "access_token",
                      secret(
                          "Access token",
                          "Events Manager → Settings → Conversions API: Generate access token")),
                  List.of(
                      PlatformSetting.text(
                          "test_event_code",
                          "Test event code",
                          "From Events Manager → Test events; events then show there only"),
                      PlatformSetting.text(
                          "action_source",
                          "Action source",
                          "Overrides the source TrackLayer picks (website, app, …)"),
                      API_VERSION,
                      EVENT_NAME))),
          Map.entry(
              "tiktok",
              new Description(
                  "TikTok",
                  "https://business-api.tiktok.com/portal/docs?id=1771100865818625",
                  Map.of(
                      "pixel_code",
                      id("Pixel code", "Events Manager → your pixel: the pixel code"),
                      "access_token",
                      secret(
                          "Access token",
                          "Events Manager → pixel Settings: Generate access token")),
                  List.of(
                      PlatformSetting.text(
                          "test_event_code",
                          "Test event code",
                          "From Events Manager → Test events; events then show there only"),
                      EVENT_NAME))),
          Map.entry(
              "ga4",
              new Description(
                  "Google Analytics 4",
                  "https://developers.google.com/analytics/devguides/collection/protocol/ga4",
                  Map.of(
                      "measurement_id",
                      id("Measurement ID", "Admin → Data streams → your web stream: G-XXXXXXX"),
                      "api_secret",
                      secret(
                          "Measurement Protocol API secret",
                          "Admin → Data streams → your stream → Measurement Protocol API secrets")),
                  List.of(
                      PlatformSetting.flag(
                          "validate",
                          "Validate only",
                          "Send to the validation endpoint: nothing is recorded"),
                      PlatformSetting.flag(
                          "debug_mode", "Debug mode", "Show the events in GA4's DebugView"),
                      EVENT_NAME))),
          Map.entry(
              "google_ads",
              new Description(
                  "Google Ads",
                  "https://developers.google.com/google-ads/api/docs/conversions/upload-clicks",
                  Map.of(
                      "customer_id",
                      id("Customer ID", "The Google Ads account number, with or without dashes"),
                      "conversion_action_id",
                      id(
                          "Conversion action ID",
                          "Goals → Conversions → your action: the ctId in its address"),
                      "developer_token",
                      secret("Developer token", "Google Ads API Center (manager account)"),
                      "client_id",
                      id("OAuth client ID", "Google Cloud console → Credentials"),
                      "client_secret",
                      secret("OAuth client secret", "Google Cloud console → Credentials"),
                      "refresh_token",
                      secret("Refresh token", "From the OAuth consent flow for this account")),
                  List.of(
                      CONVERSION_EVENTS,
                      PlatformSetting.perEvent(
                          "conversion_action_id",
                          "Conversion action per event",
                          "Sends this event to its own conversion action"),
                      PlatformSetting.text(
                          "login_customer_id",
                          "Manager account ID",
                          "When access goes through a manager account"),
                      PlatformSetting.flag(
                          "validate_only",
                          "Validate only",
                          "Google checks the uploads but records nothing"),
                      API_VERSION))),
          Map.entry(
              "snapchat",
              new Description(
                  "Snapchat",
                  "https://developers.snap.com/api/marketing-api/Conversions-API",
                  Map.of(
                      "pixel_id",
                      id("Pixel ID", "Ads Manager → Events Manager → your pixel"),
                      "access_token",
                      secret(
                          "Access token", "Events Manager → your pixel → Conversions API token")),
                  List.of(EVENT_NAME))),
          Map.entry(
              "pinterest",
              new Description(
                  "Pinterest",
                  "https://developers.pinterest.com/docs/conversions/conversions/",
                  Map.of(
                      "ad_account_id",
                      id("Ad account ID", "Ads Manager → the account number in the address"),
                      "access_token",
                      secret(
                          "Conversion access token", "Ads Manager → Conversions → Generate token")),
                  List.of(
                      PlatformSetting.flag(
                          "test",
                          "Test mode",
                          "Pinterest validates the events but records nothing"),
                      EVENT_NAME))),
          Map.entry(
              "reddit",
              new Description(
                  "Reddit",
                  "https://ads-api.reddit.com/docs/v3/",
                  Map.of(
                      "ad_account_id",
                      id("Ad account ID", "Ads Manager → Account settings: the account ID (a2_…)"),
                      "access_token",
                      secret("Conversion access token", "Events Manager → Conversions API token")),
                  List.of(
                      PlatformSetting.text(
                          "test_id",
                          "Test ID",
                          "From Events Manager → Test: events show there only"),
                      EVENT_NAME))),
          Map.entry(
              "linkedin",
              new Description(
                  "LinkedIn",
                  "https://learn.microsoft.com/en-us/linkedin/marketing/integrations/ads-reporting/conversions-api",
                  Map.of(
                      "conversion_rule_id",
                      id("Conversion rule ID", "Campaign Manager → Conversions: the rule's ID"),
                      "access_token",
                      secret("Access token", "An OAuth token with the rw_conversions scope")),
                  List.of(
                      CONVERSION_EVENTS,
                      PlatformSetting.perEvent(
                          "conversion_rule_id",
                          "Conversion rule per event",
                          "Sends this event to its own conversion rule"),
                      API_VERSION))),
          Map.entry(
              "x",
              new Description(
                  "X",
                  "https://developer.x.com/en/docs/x-ads-api/measurement/web-conversions/conversion-api",
                  Map.of(
                      "pixel_id",
                      id("Pixel ID", "Ads Manager → Events manager: the pixel ID"),
                      "consumer_key",
                      secret("API key", "Developer portal → your app → Keys and tokens"),
                      "consumer_secret",
                      secret("API key secret", "Developer portal → your app → Keys and tokens"),
                      "access_token",
                      secret("Access token", "Developer portal → your app → Keys and tokens"),
                      "access_token_secret",
                      secret(
                          "Access token secret", "Developer portal → your app → Keys and tokens")),
                  List.of(
                      PlatformSetting.text(
                          "event_id", "Event ID", "The X conversion event every event is sent as"),
                      PlatformSetting.perEvent(
                          "event_id",
                          "Event ID per event",
                          "The X conversion event for this event"),
                      API_VERSION))),
          Map.entry(
              "microsoft",
              new Description(
                  "Microsoft Advertising",
                  "https://learn.microsoft.com/en-us/advertising/guides/uet-conversion-api-integration",
                  Map.of(
                      "uet_tag_id",
                      id("UET tag ID", "Tools → UET tag: the tag ID"),
                      "access_token",
                      secret("Access token", "UET tag → Conversions API: the token")),
                  List.of(EVENT_NAME))),
          Map.entry(
              "klaviyo",
              new Description(
                  "Klaviyo",
                  "https://developers.klaviyo.com/en/reference/create_event",
                  Map.of(
                      "private_api_key",
                      secret(
                          "Private API key",
                          "Settings → API keys: a private key with Events write access (pk_…)")),
                  List.of(
                      PlatformSetting.text(
                          "revision",
                          "API revision",
                          "Leave empty to use the revision TrackLayer is built and tested against"),
                      EVENT_NAME))),
          Map.entry(
              "webhook",
              new Description(
                  "Webhook",
                  null,
                  Map.of(
                      "url",
                      id(
                          "URL",
                          "Where each event is POSTed as JSON; must be a public http(s) address"),
                      "signing_secret",
                      secret(
                          "Signing secret",
                          "Any long random text: each request is signed with it so you can check"
                              + " it came from TrackLayer")),
                  List.of(
                      PlatformSetting.flag(
                          ConnectionConfig.RESPECT_CONSENT,
                          "Respect consent",
                          "When on, events without marketing consent are skipped as ad platforms"
                              + " skip them; when off, the webhook receives every event")))));
}
