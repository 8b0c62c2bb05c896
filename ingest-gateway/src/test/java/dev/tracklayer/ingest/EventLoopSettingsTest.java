package dev.tracklayer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The event-loop settings the gateway hands to Reactor Netty before Spring starts. */
class EventLoopSettingsTest {
  private static Properties props(String value) {
    return props(IngestGatewayApplication.IO_WORKER_COUNT, value);
  }

  private static Properties props(String name, String value) {
    Properties p = new Properties();
    if (value != null) {
      p.setProperty(name, value);
    }
    return p;
  }

  @Test
  void oneLoopPerCoreUnlessConfigured() {
    assertThat(IngestGatewayApplication.ioWorkers(Map.of(), props(null)))
        .isEqualTo(String.valueOf(Runtime.getRuntime().availableProcessors()));
    assertThat(IngestGatewayApplication.ioWorkers(Map.of(), props("6"))).isEqualTo("6");
    // The environment variable wins over the system property.
    assertThat(
            IngestGatewayApplication.ioWorkers(
                Map.of("TRACKLAYER_INGEST_IO_THREADS", " 3 "), props("6")))
        .isEqualTo("3");
  }

  @Test
  void nonsenseIsRefusedByName() {
    assertThatThrownBy(
            () ->
                IngestGatewayApplication.ioWorkers(
                    Map.of("TRACKLAYER_INGEST_IO_THREADS", "two"), props(null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRACKLAYER_INGEST_IO_THREADS")
        .hasMessageContaining("'two'");
    assertThatThrownBy(() -> IngestGatewayApplication.ioWorkers(Map.of(), props("0")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void javaNioUnlessTheNativeTransportIsAskedFor() {
    String property = IngestGatewayApplication.NATIVE_TRANSPORT;
    assertThat(IngestGatewayApplication.nativeTransport(Map.of(), new Properties()))
        .isEqualTo("false");
    assertThat(IngestGatewayApplication.nativeTransport(Map.of(), props(property, "TRUE")))
        .isEqualTo("true");
    assertThat(
            IngestGatewayApplication.nativeTransport(
                Map.of("TRACKLAYER_INGEST_NATIVE_TRANSPORT", "false"), props(property, "true")))
        .isEqualTo("false");
    assertThatThrownBy(
            () ->
                IngestGatewayApplication.nativeTransport(
                    Map.of("TRACKLAYER_INGEST_NATIVE_TRANSPORT", "epoll"), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRACKLAYER_INGEST_NATIVE_TRANSPORT")
        .hasMessageContaining("'epoll'");
  }
}
