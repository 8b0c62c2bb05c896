package dev.tracklayer.api.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SecurityConfigurationTest {

  /** On the public port, actuator (health details, metrics) would answer without a token. */
  @Test
  void refusesToStartWithActuatorOnThePublicPort() {
    for (MockEnvironment environment :
        new MockEnvironment[] {
          new MockEnvironment()
              .withProperty("server.port", "8081")
              .withProperty("management.server.port", "8081"),
          new MockEnvironment().withProperty("server.port", "8081")
        }) {
      assertThatThrownBy(
              () ->
                  new SecurityConfiguration().securityWebFilterChain(null, null, null, environment))
          .hasMessageContaining("TRACKLAYER_API_MANAGEMENT_PORT");
    }
  }
}
