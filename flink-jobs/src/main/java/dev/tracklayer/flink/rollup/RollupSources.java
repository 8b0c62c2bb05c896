package dev.tracklayer.flink.rollup;

import dev.tracklayer.core.quality.Rejection;
import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import org.apache.flink.api.connector.source.Source;

/** Where the rollup reads: events.accepted, deliveries.results and events.rejected. */
public record RollupSources(
    Source<AcceptedEvent, ?, ?> acceptedEvents,
    Source<DeliveryResult, ?, ?> deliveryResults,
    Source<Rejection, ?, ?> rejections) {}
