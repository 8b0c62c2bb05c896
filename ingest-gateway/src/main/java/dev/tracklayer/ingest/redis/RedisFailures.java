package dev.tracklayer.ingest.redis;

import dev.tracklayer.ingest.errors.ThrottledWarning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletionStage;
import org.slf4j.LoggerFactory;

/**
 * Counts Redis failures the gateway chose to ride through, and logs them at most every ten seconds:
 * during an outage every request fails the same way.
 */
public class RedisFailures {
  private final ThrottledWarning warning =
      new ThrottledWarning(LoggerFactory.getLogger(RedisFailures.class));
  private final Counter counter;

  public RedisFailures(MeterRegistry registry) {
    this.counter =
        Counter.builder("tracklayer.ingest.redis.errors")
            .description("Redis commands that failed; the gateway went on without them (fail open)")
            .register(registry);
  }

  public void record(String operation, Throwable error) {
    counter.increment();
    warning.warn("Redis " + operation + " failed, continuing without it", error);
  }

  /**
   * A fire-and-forget command, its failure recorded: the stage completes normally either way, when
   * the command has.
   */
  public CompletionStage<?> watch(String operation, CompletionStage<?> command) {
    return command.handle(
        (result, error) -> {
          if (error != null) {
            record(operation, error);
          }
          return null;
        });
  }
}
