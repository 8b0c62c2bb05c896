package dev.tracklayer.flink.pipeline.sources;

import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.flink.pipeline.PipelineSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.jdbc.core.datastream.source.JdbcSource;
import org.apache.flink.connector.jdbc.core.datastream.source.reader.extractor.ResultExtractor;

/**
 * Every merchant's configuration as it is in PostgreSQL when the job starts (a bounded JDBC
 * source), so routing does not depend on the config topic having seen every merchant.
 */
public final class PostgresConfigLoader {
  // PostgreSQL assembles each merchant's snapshot as JSON in the shape of MerchantConfig.
  public static final String SQL =
      """
      SELECT json_build_object(
        'merchant_id', m.id::text,
        'version', (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
        'connections', COALESCE((
          SELECT json_agg(json_build_object(
            'id', c.id::text, 'platform', c.platform, 'name', c.name, 'status', c.status,
            'credentials', translate(encode(c.credentials, 'base64'), E'\\n', ''),
            'settings', c.settings))
          FROM platform_connections c WHERE c.merchant_id = m.id), '[]'::json),
        'rules', COALESCE((
          SELECT json_agg(json_build_object(
            'id', r.id::text, 'name', r.name, 'enabled', r.enabled,
            'event_names', r.conditions -> 'event_names', 'sources', r.conditions -> 'sources',
            'min_value', r.conditions -> 'min_value', 'countries', r.conditions -> 'countries',
            'platforms', to_json(r.platforms), 'require_consent', r.require_consent)
            ORDER BY r.position, r.created_at)
          FROM routing_rules r WHERE r.merchant_id = m.id), '[]'::json),
        'consent_when_unstated', m.consent_when_unstated
      )::text AS config
      FROM merchants m
      """;

  private PostgresConfigLoader() {}

  public static JdbcSource<MerchantConfig> source(PipelineSettings settings) {
    return JdbcSource.<MerchantConfig>builder()
        .setDBUrl(settings.postgresUrl())
        .setUsername(settings.postgresUser())
        .setPassword(settings.postgresPassword())
        .setDriverName("org.postgresql.Driver")
        .setSql(SQL)
        .setResultExtractor(new ConfigExtractor())
        .setTypeInformation(TypeInformation.of(MerchantConfig.class))
        .build();
  }

  static class ConfigExtractor implements ResultExtractor<MerchantConfig> {
    private static final long serialVersionUID = 1L;

    @Override
    public MerchantConfig extract(ResultSet rs) throws SQLException {
      return Json.read(rs.getString("config"), MerchantConfig.class);
    }
  }
}
