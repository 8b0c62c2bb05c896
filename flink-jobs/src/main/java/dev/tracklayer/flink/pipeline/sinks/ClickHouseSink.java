package dev.tracklayer.flink.pipeline.sinks;

import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import dev.tracklayer.core.clickhouse.RowBinaryFormat;
import dev.tracklayer.core.event.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
 * Batched inserts into a ClickHouse table as RowBinary, on Flink's own {@link AsyncSinkBase}: it
 * batches by count, bytes and time, bounds in-flight requests, back-pressures, and flushes buffered
 * rows on every checkpoint (at-least-once; the tables are ReplacingMergeTree, so a row written
 * twice after a recovery collapses to one).
 */
public class ClickHouseSink<T> extends AsyncSinkBase<T, byte[]> {
  private static final long serialVersionUID = 1L;

  private final ClickHouseSettings settings;
  private final String table;
  private final RowBinaryFormat<T> format;
  private final Class<T> type;

  /** {@code type} reads rows that a checkpoint of an earlier version buffered as JSON. */
  public ClickHouseSink(
      ClickHouseSettings settings, String table, RowBinaryFormat<T> format, Class<T> type) {
    super(
        new RowConverter<>(format),
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
    this.format = format;
    this.type = type;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    return new Writer<>(this, context, List.of());
  }

  @Override
  public StatefulSinkWriter<T, BufferedRequestState<byte[]>> restoreWriter(
      WriterInitContext context, Collection<BufferedRequestState<byte[]>> recoveredState) {
    return new Writer<>(this, context, recoveredState);
  }

  @Override
  public SimpleVersionedSerializer<BufferedRequestState<byte[]>> getWriterStateSerializer() {
    return new RowSerializer<>(format, type);
  }

  /** Rows are encoded once, when they enter the buffer. */
  static class RowConverter<T> implements ElementConverter<T, byte[]> {
    private static final long serialVersionUID = 1L;

    private final RowBinaryFormat<T> format;
    private transient RowBinaryFormat.Encoder<T> encoder;

    RowConverter(RowBinaryFormat<T> format) {
      this.format = format;
    }

    @Override
    public byte[] apply(T element, SinkWriter.Context context) {
      if (encoder == null) {
        encoder = format.encoder();
      }
      return encoder.encode(element);
    }
  }

  static class Writer<T> extends AsyncSinkWriter<T, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private final ClickHouseDatabase db;
    private final String table;
    private final List<String> columns;

    Writer(
        ClickHouseSink<T> sink,
        WriterInitContext context,
        Collection<BufferedRequestState<byte[]>> state) {
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
      this.columns = sink.format.columnNames();
    }

    @Override
    protected void submitRequestEntries(List<byte[]> rows, ResultHandler<byte[]> handler) {
      db.insertRowBinary(table, columns, rows)
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
    protected long getSizeInBytes(byte[] row) {
      return row.length;
    }

    @Override
    public void close() {
      super.close();
      db.close();
    }
  }

  /**
   * Buffered rows in a checkpoint: version 2 holds each row's RowBinary bytes; version 1 (before
   * RowBinary) held JSON lines, which are read into rows and encoded.
   */
  static class RowSerializer<T> extends AsyncSinkWriterStateSerializer<byte[]> {
    private final RowBinaryFormat<T> format;
    private final Class<T> type;
    private RowBinaryFormat.Encoder<T> encoder;
    // The base class reads each row without the version, so it is kept for the call.
    private int reading = getVersion();

    RowSerializer(RowBinaryFormat<T> format, Class<T> type) {
      this.format = format;
      this.type = type;
    }

    @Override
    protected void serializeRequestToStream(byte[] row, DataOutputStream out) throws IOException {
      out.writeInt(row.length);
      out.write(row);
    }

    @Override
    public BufferedRequestState<byte[]> deserialize(int version, byte[] serialized)
        throws IOException {
      reading = version;
      try {
        return super.deserialize(version, serialized);
      } finally {
        reading = getVersion();
      }
    }

    @Override
    protected byte[] deserializeRequestFromStream(long requestSize, DataInputStream in)
        throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      if (reading >= 2) {
        return bytes;
      }
      if (encoder == null) {
        encoder = format.encoder();
      }
      return encoder.encode(Json.mapper().readValue(bytes, type));
    }

    @Override
    public int getVersion() {
      return 2;
    }
  }
}
