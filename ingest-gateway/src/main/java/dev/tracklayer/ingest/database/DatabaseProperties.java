package dev.tracklayer.ingest.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lookupTimeout how long a request waits for PostgreSQL about a key or merchant that is not
 *     cached before it is answered 503 {@code auth_unavailable}
 */
@ConfigurationProperties("tracklayer.ingest.database")
public record DatabaseProperties(@DefaultValue("3s") Duration lookupTimeout) {}
