package dev.tracklayer.flink.pipeline;

import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.flink.pipeline.records.RawEvent;
import java.util.List;
import org.apache.flink.api.connector.source.Source;

/** Where the pipeline reads: raw events, and the sources of merchants' configurations. */
public record PipelineSources(
    Source<RawEvent, ?, ?> events, List<Source<MerchantConfig, ?, ?>> configs) {}
