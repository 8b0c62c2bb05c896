package dev.tracklayer.ingest.http;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The Netty event loop that owns a request's connection, as an executor.
 *
 * <p>Kafka completes sends on its single network thread. Finishing the HTTP response there (header
 * encoding, the write) would serialize every response of the process on that one thread and slow
 * the producer too; handing completion back to the connection's own event loop spreads the work
 * over all loops and lets Netty write without a cross-thread task per write.
 */
public final class EventLoops {
  private EventLoops() {}

  private static final Executor DIRECT = Runnable::run;

  public static Executor of(HttpServerRequest request) {
    if (request instanceof Connection connection) {
      Executor loop = connection.channel().eventLoop();
      return task -> {
        try {
          loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
          task.run();
        }
      };
    }
    return DIRECT;
  }
}
