package dev.tracklayer.api.platforms;

import dev.tracklayer.api.web.Violations;
import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.destinations.WebhookTargets;
import dev.tracklayer.core.event.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validation of POST /v1/platforms: the platform's credential fields, exactly, and settings. */
final class PlatformRequests {
  static final int MAX_NAME = 100;
  static final int MAX_CREDENTIAL = 4096;
  static final int MAX_SETTINGS = 100;
  static final int MAX_SETTING_VALUE = 500;
  static final String INTERNAL_TARGET =
      "must point to a public address: loopback, private, link-local and other internal"
          + " addresses are refused";

  /** {@code test_event_code}, or a per-event one such as {@code event_name.purchase}. */
  private static final Pattern SETTING_KEY =
      Pattern.compile("[a-z][a-z0-9_]{0,63}(\\.[^\\s\\p{Cntrl}]{1,64})?");

  private PlatformRequests() {}

  record Valid(
      String platform, String name, Map<String, String> credentials, Map<String, String> settings) {
    @Override
    public String toString() {
      return "Valid{platform=" + platform + ", name=" + name + "}";
    }
  }

  /**
   * Blocking: a webhook URL's host is resolved unless {@code allowPrivateTargets}.
   *
   * @param allowPrivateTargets accept webhook URLs that point into a private network
   */
  static Valid validate(NewPlatform body, boolean allowPrivateTargets) {
    Violations v = new Violations();
    String platform = body.platform() == null ? null : body.platform().strip();
    if (platform == null || platform.isEmpty()) {
      v.required("$.platform");
    } else if (!PlatformCatalog.isKnown(platform)) {
      v.add(
          FieldError.INVALID_VALUE,
          "$.platform",
          "must be one of " + String.join(", ", PlatformCatalog.keys()));
    }
    String name = v.text("$.name", body.name(), MAX_NAME, false);
    Map<String, String> credentials = new LinkedHashMap<>();
    if (body.credentials() == null) {
      v.required("$.credentials");
    } else if (PlatformCatalog.isKnown(platform)) {
      List<String> fields = PlatformCatalog.credentialFields(platform);
      for (String field : fields) {
        String path = "$.credentials." + field;
        String value = body.credentials().get(field);
        if (value == null || value.isBlank()) {
          v.required(path);
          continue;
        }
        // Tokens are used byte for byte: only surrounding whitespace (a copy-paste slip) goes.
        value = value.strip();
        if (value.length() > MAX_CREDENTIAL) {
          v.add(FieldError.TOO_LONG, path, "must be at most " + MAX_CREDENTIAL + " characters");
        } else if (value.chars().anyMatch(Character::isISOControl)) {
          v.add(FieldError.INVALID_FORMAT, path, "must not contain control characters");
        } else if (platform.equals("webhook") && field.equals("url") && !isWebUrl(value)) {
          v.add(FieldError.INVALID_FORMAT, path, "must be an http or https URL");
        } else if (platform.equals("webhook") && field.equals("url") && !allowPrivateTargets) {
          switch (WebhookTargets.check(value)) {
            case PUBLIC -> credentials.put(field, value);
            case INTERNAL -> v.add(FieldError.INVALID_VALUE, path, INTERNAL_TARGET);
            case UNRESOLVED ->
                v.add(FieldError.INVALID_VALUE, path, "the host does not resolve to an address");
          }
        } else {
          credentials.put(field, value);
        }
      }
      for (String field : body.credentials().keySet()) {
        if (!fields.contains(field)) {
          v.add(
              FieldError.INVALID_VALUE,
              "$.credentials." + safeName(field),
              "not a credential of " + platform + "; expected " + String.join(", ", fields));
        }
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (body.settings() != null) {
      if (body.settings().size() > MAX_SETTINGS) {
        v.add(FieldError.TOO_MANY, "$.settings", "at most " + MAX_SETTINGS + " settings");
      }
      body.settings()
          .forEach(
              (key, value) -> {
                if (!SETTING_KEY.matcher(key).matches()) {
                  v.add(
                      FieldError.INVALID_FORMAT,
                      "$.settings." + safeName(key),
                      "setting names are lower-case letters, digits and underscores,"
                          + " optionally followed by . and an event name");
                  return;
                }
                if (key.equals(ConnectionConfig.RESPECT_CONSENT)) {
                  respectConsent(v, platform, value).ifPresent(flag -> settings.put(key, flag));
                  return;
                }
                String text = v.text("$.settings." + key, value, MAX_SETTING_VALUE, false);
                if (text != null && !text.isEmpty()) {
                  settings.put(key, text);
                }
              });
    }
    v.throwIfAny();
    return new Valid(
        platform, name == null || name.isEmpty() ? platform : name, credentials, settings);
  }

  /**
   * A webhook's {@code respect_consent}: {@code true} or {@code false} (a JSON boolean or its
   * text). Refused on ad platforms, which always follow consent: there it could only mislead.
   */
  private static Optional<String> respectConsent(Violations v, String platform, String value) {
    String path = "$.settings." + ConnectionConfig.RESPECT_CONSENT;
    boolean offered =
        PlatformCatalog.settings(platform).stream()
            .anyMatch(s -> s.key().equals(ConnectionConfig.RESPECT_CONSENT));
    if (!offered) {
      v.add(
          FieldError.INVALID_VALUE,
          path,
          "only webhook connections have this setting; ad platforms always follow consent");
      return Optional.empty();
    }
    String flag = value == null ? null : value.strip();
    if (!"true".equals(flag) && !"false".equals(flag)) {
      v.add(FieldError.INVALID_VALUE, path, "must be true or false");
      return Optional.empty();
    }
    return Optional.of(flag);
  }

  /** Field names come from the client: keep them printable and short in error paths. */
  private static String safeName(String field) {
    String cleaned = field.replaceAll("[^A-Za-z0-9_\\-]", "?");
    return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
  }

  static boolean isWebUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null
          && !uri.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
