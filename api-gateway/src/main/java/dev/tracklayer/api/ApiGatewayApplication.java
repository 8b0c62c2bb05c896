package dev.tracklayer.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The dashboard API: configuration in PostgreSQL, events and analytics in ClickHouse. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ApiGatewayApplication {
  public static void main(String[] args) {
    SpringApplication.run(ApiGatewayApplication.class, args);
  }
}
