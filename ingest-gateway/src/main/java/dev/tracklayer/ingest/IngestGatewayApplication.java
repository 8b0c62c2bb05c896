package dev.tracklayer.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Accepts events from merchants' servers and browsers and makes them durable in Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestGatewayApplication {
  public static void main(String[] args) {
    SpringApplication.run(IngestGatewayApplication.class, args);
  }
}
