package dev.tracklayer.ingest.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts Redis failures the gateway chose to ride through, and logs them at most every ten seconds:
 * during an outage every request fails the same way.
 */
public class RedisFailures {
  private static final Logger log = LoggerFactory.getLogger(RedisFailures.class);
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final Counter counter;
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  public RedisFailures(MeterRegistry registry) {
    this.counter =
        Counter.builder("tracklayer.ingest.redis.errors")
            .description("Redis commands that failed; the gateway went on without them (fail open)")
            .register(registry);
  }

  public void record(String operation, Throwable error) {
    counter.increment();
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
      log.warn("Redis {} failed, continuing without it: {}", operation, error.toString());
    }
  }
}
