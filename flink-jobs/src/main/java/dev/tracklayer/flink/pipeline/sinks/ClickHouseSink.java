package dev.tracklayer.flink.pipeline.sinks;

import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.event.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched inserts into a ClickHouse table as JSONEachRow, on Flink's own {@link AsyncSinkBase}: it
 * batches by count, bytes and time, bounds in-flight requests, back-pressures, and flushes buffered
 * rows on every checkpoint (at-least-once; the tables are ReplacingMergeTree, so a row written
 * twice after a recovery collapses to one).
 */
public class ClickHouseSink<T> extends AsyncSinkBase<T, String> {
  private final ClickHouseSettings settings;
  private final String table;

  public ClickHouseSink(ClickHouseSettings settings, String table) {
    super(
        new JsonLineConverter<>(),
        // Fewer, larger inserts: every insert is a new part in the table and in each materialized
        // view's, which ClickHouse merges later; near one a second per writer is its advice.
        20_000, // rows per insert
        2, // inserts in flight
        100_000, // rows buffered before back-pressure
        16L * 1024 * 1024, // bytes per insert
        1_000, // ms a row may wait
        1024L * 1024); // bytes per row
    this.settings = settings;
    this.table = table;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new Writer<>(this, context, List.of());
  }

  @Override
  public StatefulSinkWriter<T, BufferedRequestState<String>> restoreWriter(
      WriterInitContext context, Collection<BufferedRequestState<String>> recoveredState) {
    return new Writer<>(this, context, recoveredState);
  }

  @Override
  public SimpleVersionedSerializer<BufferedRequestState<String>> getWriterStateSerializer() {
    return new LineSerializer();
  }

  /** Rows are serialized once, when they enter the buffer. */
  static class JsonLineConverter<T> implements ElementConverter<T, String> {
    @Override
    public String apply(T element, SinkWriter.Context context) {
      return Json.toJson(element);
    }
  }

  static class Writer<T> extends AsyncSinkWriter<T, String> {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private final ClickHouseDatabase db;
    private final String table;

    Writer(
        ClickHouseSink<T> sink,
        WriterInitContext context,
        Collection<BufferedRequestState<String>> state) {
      super(
          sink.getElementConverter(),
          context,
          AsyncSinkWriterConfiguration.builder()
              .setMaxBatchSize(sink.getMaxBatchSize())
              .setMaxBatchSizeInBytes(sink.getMaxBatchSizeInBytes())
              .setMaxInFlightRequests(sink.getMaxInFlightRequests())
              .setMaxBufferedRequests(sink.getMaxBufferedRequests())
              .setMaxTimeInBufferMS(sink.getMaxTimeInBufferMS())
              .setMaxRecordSizeInBytes(sink.getMaxRecordSizeInBytes())
              .build(),
          state);
      this.db = new ClickHouseDatabase(sink.settings, Json.mapper());
      this.table = sink.table;
    }

    @Override
    protected void submitRequestEntries(List<String> rows, ResultHandler<String> handler) {
      db.insertLines(table, rows)
          .whenComplete(
              (ok, error) -> {
                if (error == null) {
                  handler.complete();
                } else {
                  // ClickHouse down or busy: keep the rows and try again (back-pressure, no loss).
                  LOG.warn("insert into {} failed, will retry: {}", table, error.getMessage());
                  handler.retryForEntries(rows);
                }
              });
    }

    @Override
    protected long getSizeInBytes(String row) {
      return row.length();
    }

    @Override
    public void close() {
      super.close();
      db.close();
    }
  }

  static class LineSerializer extends AsyncSinkWriterStateSerializer<String> {
    @Override
    protected void serializeRequestToStream(String row, DataOutputStream out) throws IOException {
      byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    @Override
    protected String deserializeRequestFromStream(long requestSize, DataInputStream in)
        throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public int getVersion() {
      return 1;
    }
  }
}
