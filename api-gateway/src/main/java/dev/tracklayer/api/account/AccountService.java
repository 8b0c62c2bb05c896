package dev.tracklayer.api.account;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.config.ConfigPublisher;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.web.Violations;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.event.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

@Service
public class AccountService {
  static final int MAX_NAME = 200;
  static final int MAX_EMAIL = 320;
  static final int MAX_STORE_PLATFORM = 50;
  static final int MAX_URL = 2048;
  static final int MAX_ONBOARDING_STEP = 100;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern STORE_PLATFORM = Pattern.compile("[a-z0-9][a-z0-9_.\\- ]*");

  private static final List<String> CONSENT_POLICIES =
      List.of(MerchantConfig.ALLOW, MerchantConfig.DENY);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ConfigPublisher config;

  public AccountService(JdbcClient jdbc, TransactionTemplate tx, ConfigPublisher config) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.config = config;
  }

  public Account get(Caller caller) {
    return jdbc.sql(
            "SELECT id, name, email, store_platform, store_url, onboarding_step,"
                + " onboarding_completed, plan_id, status, timezone, consent_when_unstated,"
                + " created_at, updated_at"
                + " FROM merchants WHERE id = :id")
        .param("id", caller.merchantId())
        .query(
            (rs, n) ->
                new Account(
                    caller.merchantId(),
                    rs.getString("name"),
                    rs.getString("email"),
                    rs.getString("store_platform"),
                    rs.getString("store_url"),
                    rs.getInt("onboarding_step"),
                    rs.getBoolean("onboarding_completed"),
                    rs.getString("plan_id"),
                    rs.getString("status"),
                    caller.role(),
                    rs.getString("timezone"),
                    rs.getString("consent_when_unstated"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("updated_at").toInstant()))
        .optional()
        .orElseThrow(() -> ApiException.notFound("account"));
  }

  public Account update(Caller caller, AccountUpdate update) {
    if (update == null) {
      throw ApiException.badRequest("missing_body", "a JSON body is required");
    }
    Violations v = new Violations();
    List<String> sets = new ArrayList<>();
    var statement = new java.util.LinkedHashMap<String, Object>();
    if (update.name() != null) {
      String name = v.text("$.name", update.name(), MAX_NAME, false);
      sets.add("name = :name");
      statement.put("name", name == null ? "" : name);
    }
    if (update.email() != null) {
      String email = v.text("$.email", update.email(), MAX_EMAIL, false);
      if (email != null && !email.isEmpty() && !EMAIL.matcher(email).matches()) {
        v.add(FieldError.INVALID_FORMAT, "$.email", "must be an email address");
      }
      sets.add("email = :email");
      statement.put("email", email == null || email.isEmpty() ? null : email);
    }
    if (update.storePlatform() != null) {
      String platform =
          v.text("$.store_platform", update.storePlatform(), MAX_STORE_PLATFORM, false);
      if (platform != null && !platform.isEmpty()) {
        platform = platform.toLowerCase(Locale.ROOT);
        if (!STORE_PLATFORM.matcher(platform).matches()) {
          v.add(
              FieldError.INVALID_FORMAT,
              "$.store_platform",
              "letters, digits, spaces, dots, dashes and underscores only");
        }
      }
      sets.add("store_platform = :store_platform");
      statement.put("store_platform", platform == null || platform.isEmpty() ? null : platform);
    }
    if (update.storeUrl() != null) {
      String url = v.text("$.store_url", update.storeUrl(), MAX_URL, false);
      if (url != null && !url.isEmpty() && !isWebUrl(url)) {
        v.add(FieldError.INVALID_FORMAT, "$.store_url", "must be an http or https URL");
      }
      sets.add("store_url = :store_url");
      statement.put("store_url", url == null || url.isEmpty() ? null : url);
    }
    if (update.onboardingStep() != null) {
      int step = update.onboardingStep();
      if (step < 0 || step > MAX_ONBOARDING_STEP) {
        v.add(
            FieldError.OUT_OF_RANGE,
            "$.onboarding_step",
            "must be between 0 and " + MAX_ONBOARDING_STEP);
      }
      sets.add("onboarding_step = :onboarding_step");
      statement.put("onboarding_step", step);
    }
    if (update.onboardingCompleted() != null) {
      sets.add("onboarding_completed = :onboarding_completed");
      statement.put("onboarding_completed", update.onboardingCompleted());
    }
    if (update.timezone() != null) {
      String zone = timezone(v, update.timezone());
      sets.add("timezone = :timezone");
      statement.put("timezone", zone);
    }
    // The pipeline routes by this one, so a change of it is published like a rule's.
    boolean routing = update.consentWhenUnstated() != null;
    if (routing) {
      String policy = update.consentWhenUnstated();
      if (!CONSENT_POLICIES.contains(policy)) {
        v.add(FieldError.INVALID_VALUE, "$.consent_when_unstated", "must be allow or deny");
      }
      sets.add("consent_when_unstated = :consent_when_unstated");
      statement.put("consent_when_unstated", policy);
    }
    v.throwIfAny();
    if (sets.isEmpty()) {
      throw ApiException.badRequest(
          "nothing_to_update",
          "send at least one of name, email, store_platform, store_url, onboarding_step,"
              + " onboarding_completed, timezone, consent_when_unstated");
    }
    // Column names come from the fixed list above, never from the request.
    var sql =
        jdbc.sql(
                "UPDATE merchants SET "
                    + String.join(", ", sets)
                    + ", updated_at = now() WHERE id = :id")
            .param("id", caller.merchantId());
    for (var entry : statement.entrySet()) {
      sql = sql.param(entry.getKey(), entry.getValue());
    }
    var change = sql;
    tx.executeWithoutResult(
        status -> {
          change.update();
          if (routing) {
            config.publish(caller.merchantId());
          }
        });
    return get(caller);
  }

  /**
   * An IANA zone id as java.time knows it ({@code ""} means UTC). Fixed offsets such as {@code
   * +05:00} are refused: they ignore daylight saving, which is what a region id is for.
   */
  private static String timezone(Violations v, String text) {
    String zone = text.strip();
    if (zone.isEmpty()) {
      return "UTC";
    }
    if (!ZoneId.getAvailableZoneIds().contains(zone)) {
      v.add(
          FieldError.INVALID_VALUE,
          "$.timezone",
          "must be an IANA time zone such as Europe/Paris or America/New_York");
      return "UTC";
    }
    return ZoneId.of(zone).getId();
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
