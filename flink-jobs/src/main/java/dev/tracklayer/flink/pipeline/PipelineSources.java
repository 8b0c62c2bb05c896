package dev.tracklayer.flink.pipeline;

import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.flink.pipeline.records.RawEvent;
import dev.tracklayer.flink.pipeline.records.RoutingUpdate;
import java.util.List;
import org.apache.flink.api.connector.source.Source;

/**
 * Where the pipeline reads: raw events, the sources of merchants' configurations, and the
 * connections' delivery states the job itself publishes (deliveries.connections).
 */
public record PipelineSources(
    Source<RawEvent, ?, ?> events,
    List<Source<MerchantConfig, ?, ?>> configs,
    Source<RoutingUpdate, ?, ?> connections) {}
