package dev.tracklayer.ingest;

import java.util.Map;
import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Accepts events from merchants' servers and browsers and makes them durable in Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestGatewayApplication {
  /** Reactor Netty's own setting for its event-loop count, read once when its loops are made. */
  static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

  public static void main(String[] args) {
    System.setProperty(IO_WORKER_COUNT, ioWorkers(System.getenv(), System.getProperties()));
    SpringApplication.run(IngestGatewayApplication.class, args);
  }

  /**
   * One event loop per core unless told otherwise (TRACKLAYER_INGEST_IO_THREADS, or the Reactor
   * property itself). Reactor Netty's default is at least four; on a two-core box four loops cost
   * the gateway 2.4 times the CPU per event at 16 connections, in thread wake-ups (docs/ingest.md).
   */
  static String ioWorkers(Map<String, String> env, Properties props) {
    String configured = env.get("TRACKLAYER_INGEST_IO_THREADS");
    if (configured == null || configured.isBlank()) {
      configured = props.getProperty(IO_WORKER_COUNT);
    }
    if (configured == null || configured.isBlank()) {
      return String.valueOf(Runtime.getRuntime().availableProcessors());
    }
    try {
      int n = Integer.parseInt(configured.trim());
      if (n >= 1) {
        return String.valueOf(n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "TRACKLAYER_INGEST_IO_THREADS / "
            + IO_WORKER_COUNT
            + " must be a whole number >= 1, got '"
            + configured
            + "'");
  }
}
