package dev.tracklayer.ingest;

import dev.tracklayer.core.http.HttpServerHardening;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Accepts events from merchants' servers and browsers and makes them durable in Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(HttpServerHardening.class)
public class IngestGatewayApplication {
  /** Reactor Netty's own setting for its event-loop count, read once when its loops are made. */
  static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

  /** Reactor Netty's own switch between Netty's native epoll transport and Java NIO. */
  static final String NATIVE_TRANSPORT = "reactor.netty.native";

  public static void main(String[] args) {
    System.setProperty(IO_WORKER_COUNT, ioWorkers(System.getenv(), System.getProperties()));
    System.setProperty(NATIVE_TRANSPORT, nativeTransport(System.getenv(), System.getProperties()));
    SpringApplication.run(IngestGatewayApplication.class, args);
  }

  /**
   * Java NIO unless told otherwise (TRACKLAYER_INGEST_NATIVE_TRANSPORT=true, or the Reactor
   * property itself). Reactor Netty turns reading off and on again for every request: with epoll
   * that is two epoll_ctl system calls per request, while NIO's selector applies interest changes
   * lazily and two that cancel out cost none. With NIO the gateway spent 44-53 instead of 57-63 us
   * of CPU per event at 64 connections (docs/ingest.md).
   */
  static String nativeTransport(Map<String, String> env, Properties props) {
    String configured = setting(env, "TRACKLAYER_INGEST_NATIVE_TRANSPORT", props, NATIVE_TRANSPORT);
    if (configured == null) {
      return "false";
    }
    if (configured.equalsIgnoreCase("true") || configured.equalsIgnoreCase("false")) {
      return configured.toLowerCase(Locale.ROOT);
    }
    throw refused(
        "TRACKLAYER_INGEST_NATIVE_TRANSPORT", NATIVE_TRANSPORT, "true or false", configured);
  }

  /** The environment variable if set, else the system property, else null; trimmed. */
  private static String setting(
      Map<String, String> env, String envName, Properties props, String property) {
    String configured = env.get(envName);
    if (configured == null || configured.isBlank()) {
      configured = props.getProperty(property);
    }
    return configured == null || configured.isBlank() ? null : configured.trim();
  }

  private static IllegalArgumentException refused(
      String envName, String property, String expected, String configured) {
    return new IllegalArgumentException(
        envName + " / " + property + " must be " + expected + ", got '" + configured + "'");
  }

  /**
   * One event loop per core unless told otherwise (TRACKLAYER_INGEST_IO_THREADS, or the Reactor
   * property itself). Reactor Netty's default is at least four; on a two-core box four loops cost
   * the gateway 2.4 times the CPU per event at 16 connections, in thread wake-ups (docs/ingest.md).
   */
  static String ioWorkers(Map<String, String> env, Properties props) {
    String configured = setting(env, "TRACKLAYER_INGEST_IO_THREADS", props, IO_WORKER_COUNT);
    if (configured == null) {
      return String.valueOf(Runtime.getRuntime().availableProcessors());
    }
    try {
      int n = Integer.parseInt(configured);
      if (n >= 1) {
        return String.valueOf(n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw refused(
        "TRACKLAYER_INGEST_IO_THREADS", IO_WORKER_COUNT, "a whole number >= 1", configured);
  }
}
