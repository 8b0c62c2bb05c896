package dev.tracklayer.ingest.merchants;

import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class MerchantsConfiguration {

  @Bean
  MerchantDirectory merchantDirectory(
      MerchantRepository repository,
      MerchantProperties props,
      @Qualifier("jdbcExecutor") Executor jdbcExecutor) {
    return new MerchantDirectory(repository, props, jdbcExecutor);
  }
}
