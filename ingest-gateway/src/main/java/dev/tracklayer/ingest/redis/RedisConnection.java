package dev.tracklayer.ingest.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * One Lettuce connection shared by dedup and rate limiting. Lettuce pipelines the commands of all
 * concurrent requests over it, which is what a single connection per process is for.
 */
public class RedisConnection implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisFailures failures;

  public RedisConnection(String url, Duration commandTimeout, RedisFailures failures) {
    this.client = RedisClient.create(RedisURI.create(url));
    client.setOptions(
        ClientOptions.builder()
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            // Fail at once while disconnected instead of queueing requests behind a dead socket.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .autoReconnect(true)
            .build());
    this.connection = client.connect(StringCodec.UTF8);
    this.failures = failures;
  }

  public RedisAsyncCommands<String, String> commands() {
    return connection.async();
  }

  public RedisFailures failures() {
    return failures;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
