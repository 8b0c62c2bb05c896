package dev.tracklayer.ingest.keys;

import dev.tracklayer.ingest.database.DatabaseLookups;
import java.time.Clock;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

@Configuration
public class KeysConfiguration {

  @Bean(destroyMethod = "flush")
  LastUsedRecorder lastUsedRecorder(
      ApiKeyRepository repository,
      Clock clock,
      ApiKeyProperties props,
      TaskScheduler ingestScheduler) {
    LastUsedRecorder recorder = new LastUsedRecorder(repository, clock);
    ingestScheduler.scheduleWithFixedDelay(recorder::flush, props.lastUsedFlushInterval());
    return recorder;
  }

  @Bean
  ApiKeyAuthenticator apiKeyAuthenticator(
      ApiKeyRepository repository,
      LastUsedRecorder lastUsed,
      ApiKeyProperties props,
      DatabaseLookups database) {
    return new ApiKeyAuthenticator(repository, lastUsed, props, database);
  }

  @Bean
  RevocationListener revocationListener(
      DataSourceProperties database, ApiKeyAuthenticator authenticator) {
    return new RevocationListener(database, authenticator::forget);
  }
}
