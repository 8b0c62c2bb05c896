package dev.tracklayer.core.http;

import java.time.Duration;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the protocol guard in front of every connection of a gateway that imports this (both do:
 * docs/security.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpServerHardening.HttpProperties.class)
public class HttpServerHardening {

  /**
   * @param requestReadTimeout how long one request may take to arrive, from its first byte to its
   *     last; slower clients get 408 (or, mid-body, a closed connection)
   */
  @ConfigurationProperties("tracklayer.http")
  public record HttpProperties(@DefaultValue("10s") Duration requestReadTimeout) {}

  @Bean
  NettyServerCustomizer protocolGuard(ServerProperties server, HttpProperties http) {
    return netty ->
        HttpHardening.apply(
            netty,
            (int) server.getNetty().getMaxInitialLineLength().toBytes(),
            (int) server.getMaxHttpRequestHeaderSize().toBytes(),
            http.requestReadTimeout());
  }
}
