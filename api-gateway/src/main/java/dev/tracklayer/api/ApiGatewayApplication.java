package dev.tracklayer.api;

import dev.tracklayer.core.http.HttpServerHardening;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The dashboard API: configuration in PostgreSQL, events and analytics in ClickHouse. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(HttpServerHardening.class)
public class ApiGatewayApplication {
  public static void main(String[] args) {
    SpringApplication.run(ApiGatewayApplication.class, args);
  }
}
