package dev.tracklayer.ingest.keys;

import dev.tracklayer.ingest.errors.ThrottledWarning;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Hears PostgreSQL's {@code api_key_revoked} notifications (a trigger on api_keys sends them, see
 * sql/postgres/V3) on a connection of its own, outside the lookup pool, and hands each revoked key
 * id to the authenticator's cache. While it is disconnected the cache's lifetime still bounds how
 * long a revoked key works; it reconnects every few seconds.
 */
public class RevocationListener implements SmartLifecycle {
  static final String CHANNEL = "api_key_revoked";
  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

  private final DataSourceProperties database;
  private final Consumer<String> revoked;
  private final ThrottledWarning failures =
      new ThrottledWarning(LoggerFactory.getLogger(RevocationListener.class));
  private volatile boolean running;
  private volatile Connection connection;
  private Thread thread;

  public RevocationListener(DataSourceProperties database, Consumer<String> revoked) {
    this.database = database;
    this.revoked = revoked;
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::listen, "api-key-revocations");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing is all that is left to do
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    while (running) {
      try (Connection c =
          DriverManager.getConnection(
              database.determineUrl(),
              database.determineUsername(),
              database.determinePassword())) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(10_000);
          if (notifications != null) {
            for (PGNotification n : notifications) {
              revoked.accept(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          failures.warn("not listening for API key revocations (retrying)", e);
          sleep();
        }
      } finally {
        connection = null;
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(RECONNECT_DELAY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
