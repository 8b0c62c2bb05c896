package dev.tracklayer.api.rules;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.config.ConfigPublisher;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.web.Ids;
import dev.tracklayer.api.web.Violations;
import dev.tracklayer.core.event.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Routing rules; every change is published with the merchant's whole configuration. */
@Service
public class RuleService {
  private static final String COLUMNS =
      "id, name, enabled, conditions::text AS conditions, require_consent, platforms, created_at,"
          + " updated_at";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ConfigPublisher config;

  public RuleService(JdbcClient jdbc, TransactionTemplate tx, ConfigPublisher config) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.config = config;
  }

  public List<Rule> list(Caller caller) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM routing_rules WHERE merchant_id = :m ORDER BY position, created_at, id")
        .param("m", caller.merchantId())
        .query(RuleService::row)
        .list();
  }

  public Rule create(Caller caller, NewRule body) {
    if (body == null) {
      throw ApiException.badRequest("missing_body", "a JSON body is required");
    }
    Violations v = new Violations();
    String name = RuleRequests.name(v, body.name(), true);
    Conditions conditions = RuleRequests.conditions(v, body.conditions());
    List<String> platforms = RuleRequests.platforms(v, body.platforms());
    v.throwIfAny();
    UUID id = UUID.randomUUID();
    tx.executeWithoutResult(
        status -> {
          jdbc.sql(
                  "INSERT INTO routing_rules (id, merchant_id, name, enabled, conditions,"
                      + " require_consent, platforms, position) VALUES (:id, :m, :name, :enabled,"
                      + " :conditions::jsonb, :require_consent, :platforms, (SELECT"
                      + " COALESCE(MAX(position) + 1, 0) FROM routing_rules WHERE merchant_id ="
                      + " :m))")
              .param("id", id)
              .param("m", caller.merchantId())
              .param("name", name)
              .param("enabled", body.enabled() == null || body.enabled())
              .param("conditions", Json.toJson(conditions))
              .param("require_consent", Boolean.TRUE.equals(body.requireConsent()))
              .param("platforms", textArray(platforms))
              .update();
          config.publish(caller.merchantId());
        });
    return get(caller, id);
  }

  public Rule update(Caller caller, String idText, RuleUpdate body) {
    UUID id = Ids.uuid(idText, "rule");
    if (body == null) {
      throw ApiException.badRequest("missing_body", "a JSON body is required");
    }
    Violations v = new Violations();
    Map<String, Object> changes = new LinkedHashMap<>();
    if (body.name() != null) {
      changes.put("name", RuleRequests.name(v, body.name(), true));
    }
    if (body.enabled() != null) {
      changes.put("enabled", body.enabled());
    }
    if (body.conditions() != null) {
      changes.put("conditions", Json.toJson(RuleRequests.conditions(v, body.conditions())));
    }
    if (body.requireConsent() != null) {
      changes.put("require_consent", body.requireConsent());
    }
    if (body.platforms() != null) {
      changes.put("platforms", RuleRequests.platforms(v, body.platforms()));
    }
    v.throwIfAny();
    if (changes.isEmpty()) {
      throw ApiException.badRequest(
          "nothing_to_update",
          "send at least one of name, enabled, conditions, require_consent, platforms");
    }
    tx.executeWithoutResult(
        status -> {
          // Column names are the fixed keys above, never request input.
          List<String> sets = new ArrayList<>();
          for (String column : changes.keySet()) {
            sets.add(
                column + (column.equals("conditions") ? " = :conditions::jsonb" : " = :" + column));
          }
          var sql =
              jdbc.sql(
                      "UPDATE routing_rules SET "
                          + String.join(", ", sets)
                          + ", updated_at = now() WHERE id = :id AND merchant_id = :m")
                  .param("id", id)
                  .param("m", caller.merchantId());
          for (var change : changes.entrySet()) {
            Object value = change.getValue();
            if (value instanceof List<?> list) {
              @SuppressWarnings("unchecked")
              List<String> platforms = (List<String>) list;
              value = textArray(platforms);
            }
            sql = sql.param(change.getKey(), value);
          }
          if (sql.update() == 0) {
            throw ApiException.notFound("rule");
          }
          config.publish(caller.merchantId());
        });
    return get(caller, id);
  }

  public Map<String, Object> delete(Caller caller, String idText) {
    UUID id = Ids.uuid(idText, "rule");
    tx.executeWithoutResult(
        status -> {
          int deleted =
              jdbc.sql("DELETE FROM routing_rules WHERE id = :id AND merchant_id = :m")
                  .param("id", id)
                  .param("m", caller.merchantId())
                  .update();
          if (deleted == 0) {
            throw ApiException.notFound("rule");
          }
          config.publish(caller.merchantId());
        });
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ok", true);
    answer.put("id", id);
    return answer;
  }

  public Rule get(Caller caller, UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM routing_rules WHERE id = :id AND merchant_id = :m")
        .param("id", id)
        .param("m", caller.merchantId())
        .query(RuleService::row)
        .optional()
        .orElseThrow(() -> ApiException.notFound("rule"));
  }

  /** PgJDBC binds a String[] as text[]. */
  private static String[] textArray(List<String> values) {
    return values.toArray(String[]::new);
  }

  private static Rule row(ResultSet rs, int n) throws SQLException {
    String[] platforms = (String[]) rs.getArray("platforms").getArray();
    return new Rule(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getBoolean("enabled"),
        Json.read(rs.getString("conditions"), Conditions.class),
        rs.getBoolean("require_consent"),
        List.of(platforms),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
