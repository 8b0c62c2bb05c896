package dev.tracklayer.ingest.merchants;

import dev.tracklayer.ingest.database.DatabaseLookups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class MerchantsConfiguration {

  @Bean
  MerchantDirectory merchantDirectory(
      MerchantRepository repository, MerchantProperties props, DatabaseLookups database) {
    return new MerchantDirectory(repository, props, database);
  }
}
