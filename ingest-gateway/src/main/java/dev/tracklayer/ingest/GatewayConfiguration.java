package dev.tracklayer.ingest;

import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.ingest.events.IngestProperties;
import dev.tracklayer.ingest.http.ClientAddresses;
import dev.tracklayer.ingest.http.IpRange;
import dev.tracklayer.ingest.http.JsonBodies;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** What several features share: the clock, validation, body reading, client addresses, threads. */
@Configuration
public class GatewayConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  EventValidator eventValidator(Clock clock) {
    return new EventValidator(clock);
  }

  @Bean
  JsonBodies jsonBodies(IngestProperties props) {
    return new JsonBodies((int) props.maxBodySize().toBytes());
  }

  @Bean
  ClientAddresses clientAddresses(IngestProperties props) {
    return new ClientAddresses(
        props.trustedProxies().stream()
            .filter(cidr -> !cidr.isBlank())
            .map(IpRange::parse)
            .toList());
  }

  /** Background chores: Kafka readiness checks and the last_used_at flush. */
  @Bean(destroyMethod = "shutdown")
  ThreadPoolTaskScheduler ingestScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(2);
    scheduler.setThreadNamePrefix("ingest-scheduler-");
    scheduler.setDaemon(true);
    scheduler.initialize();
    return scheduler;
  }
}
