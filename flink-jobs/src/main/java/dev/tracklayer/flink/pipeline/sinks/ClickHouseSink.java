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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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

  /**
   * One insert of a batch. ClickHouse down or busy: the rows stay with the writer and go again
   * after a backoff (1 s doubling to 30 s, reset by a success), holding their in-flight slot
   * meanwhile, which back-pressures the job instead of failing it. The client throws at once when
   * it cannot connect: that is a failure like any other, not a task failure (which would restart
   * the job from its checkpoint and send deliveries again).
   */
  static void submit(
      Supplier<CompletableFuture<Void>> insert,
      List<byte[]> rows,
      ResultHandler<byte[]> handler,
      Backoff backoff,
      String table) {
    CompletableFuture<Void> attempt;
    try {
      attempt = insert.get();
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    attempt.whenComplete(
        (ok, error) -> {
          if (error == null) {
            backoff.reset();
            handler.complete();
          } else {
            long wait = backoff.next();
            Writer.LOG.warn(
                "insert into {} failed, retrying in {} ms: {}", table, wait, error.getMessage());
            CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS)
                .execute(() -> handler.retryForEntries(rows));
          }
        });
  }

  /** The wait before a failed insert goes again; shared by a writer's requests. */
  static final class Backoff {
    static final long FIRST_MS = 1_000;
    static final long MAX_MS = 30_000;
    private final AtomicLong current = new AtomicLong();

    long next() {
      return current.updateAndGet(w -> w == 0 ? FIRST_MS : Math.min(MAX_MS, w * 2));
    }

    void reset() {
      current.set(0);
    }
  }

  static class Writer<T> extends AsyncSinkWriter<T, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
    private final ClickHouseDatabase db;
    private final String table;
    private final List<String> columns;
    private final Backoff backoff = new Backoff();

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
      submit(() -> db.insertRowBinary(table, columns, rows), rows, handler, backoff, table);
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
