package dev.tracklayer.flink.pipeline.records;

import dev.tracklayer.core.config.MerchantConfig;

/**
 * What routing holds as broadcast state: a merchant's configuration ({@code config.changes}) or a
 * connection's delivery state ({@code deliveries.connections}); exactly one is set.
 */
public class RoutingUpdate {
  public MerchantConfig config;
  public ConnectionSignal connection;

  public RoutingUpdate() {}

  public static RoutingUpdate of(MerchantConfig config) {
    RoutingUpdate u = new RoutingUpdate();
    u.config = config;
    return u;
  }

  public static RoutingUpdate of(ConnectionSignal connection) {
    RoutingUpdate u = new RoutingUpdate();
    u.connection = connection;
    return u;
  }
}
