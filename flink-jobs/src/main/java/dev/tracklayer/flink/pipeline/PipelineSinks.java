package dev.tracklayer.flink.pipeline;

import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import dev.tracklayer.flink.pipeline.records.ConnectionHealth;
import dev.tracklayer.flink.pipeline.records.ConnectionSignal;
import dev.tracklayer.flink.pipeline.records.DeadLetter;
import dev.tracklayer.flink.pipeline.records.DeliveryResult;
import dev.tracklayer.flink.pipeline.records.EventRow;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the pipeline writes. {@link PipelineJob#main} uses ClickHouse and Kafka; tests pass
 * collecting sinks or the real ones against test servers.
 */
public record PipelineSinks(
    Sink<EventRow> events,
    Sink<AcceptedEvent> acceptedEvents,
    Sink<DeliveryResult> deliveryRows,
    Sink<DeliveryResult> deliveryResults,
    Sink<DeliveryResult> failedDeliveries,
    Sink<DeadLetter> deadLetters,
    Sink<ConnectionHealth> connectionHealth,
    Sink<ConnectionSignal> connectionStates) {}
