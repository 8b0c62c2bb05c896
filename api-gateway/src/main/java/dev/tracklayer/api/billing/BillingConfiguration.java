package dev.tracklayer.api.billing;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BillingConfiguration {

  /** The billing period's "now" and the webhook signature's age, replaceable in tests. */
  @Bean
  Clock billingClock() {
    return Clock.systemUTC();
  }
}
