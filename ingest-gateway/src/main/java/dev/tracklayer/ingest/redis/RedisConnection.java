package dev.tracklayer.ingest.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce connection shared by dedup and rate limiting. Lettuce pipelines the commands of all
 * concurrent requests over it, which is what a single connection per process is for.
 */
public class RedisConnection implements AutoCloseable {
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisFailures failures;

  public RedisConnection(String url, Duration commandTimeout, RedisFailures failures) {
    this.resources = ClientResources.builder().nettyCustomizer(new ConsolidatedFlushes()).build();
    this.client = RedisClient.create(resources, RedisURI.create(url));
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
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /**
   * Commands come from the HTTP event loops, so each is a write task on Lettuce's own loop, and
   * each task flushed on its own: one write system call per command. Netty's handler turns the
   * flushes of the tasks queued together into one, so concurrent commands share a write.
   */
  private static final class ConsolidatedFlushes implements NettyCustomizer {
    @Override
    public void afterChannelInitialized(Channel channel) {
      channel.pipeline().addFirst(new FlushConsolidationHandler(256, true));
    }
  }
}
