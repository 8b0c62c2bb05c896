package dev.tracklayer.flink.pipeline;

import static dev.tracklayer.flink.pipeline.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not part of the suite (tag "benchmark"; run with tools/bench/pipeline): N events through Kafka →
 * pipeline → three local platform servers. Prints sustained events/s, p50/p99 latency from
 * received_at to the platform's answer at a fixed 5,000 events/s, and the RocksDB checkpoint size
 * per million dedup keys.
 */
@Tag("benchmark")
class PipelineBenchmark {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void throughputLatencyAndStateSize() throws Exception {
    int n = Integer.getInteger("bench.events", 300_000);
    int rate = Integer.getInteger("bench.rate", 5_000);
    int rateSeconds = Integer.getInteger("bench.rateSeconds", 10);
    try (PipelineFixture fx = new PipelineFixture()) {
      fx.platforms.countOnly();
      String merchant =
          fx.merchant(
              Map.of(
                  "meta", Map.of("pixel_id", "1", "access_token", "a"),
                  "tiktok", Map.of("pixel_code", "C1", "access_token", "b"),
                  "snapchat", Map.of("pixel_id", "s1", "access_token", "c")),
              List.of());
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      PipelineJob.configure(env, fx.settings);
      PipelineJob.build(
          env,
          fx.settings,
          PipelineJob.realSources(fx.settings),
          PipelineJob.realSinks(fx.settings));
      // The backlog is in Kafka before the job starts, so the test JVM's producer does not share
      // the two cores with the pipeline while it is measured: the job drains warm-up events (JIT,
      // connections), then the measured ones, at the rate it sustains.
      int warm = Integer.getInteger("bench.warmup", 100_000);
      long p0 = System.nanoTime();
      send(fx, merchant, "warm-", warm, 0);
      send(fx, merchant, "tp-", n, 0);
      double produceSeconds = (System.nanoTime() - p0) / 1e9;
      JobClient job = env.executeAsync("pipeline-benchmark");
      try {
        awaitDelivered(fx, warm);
        long t0 = System.nanoTime();
        long jvm0 = cpuMicros(ProcessHandle.current().pid());
        long ch0 = cpuMicros(ClickHouseTestServer.shared().pid());
        long jit0 = compilerCpuMicros();
        long job0 = jobThreadsCpuMicros();
        awaitDelivered(fx, warm + n);
        double jobPerEvent = (jobThreadsCpuMicros() - job0) / (double) n;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double jvmPerEvent = (cpuMicros(ProcessHandle.current().pid()) - jvm0) / (double) n;
        double chPerEvent = (cpuMicros(ClickHouseTestServer.shared().pid()) - ch0) / (double) n;
        // The compiler threads' time: a long-running TaskManager has paid it before, this JVM
        // still compiles (broker, Flink, HTTP clients and fakes all start cold here).
        double jitPerEvent = (compilerCpuMicros() - jit0) / (double) n;

        int paced = rate * rateSeconds;
        send(fx, merchant, "lat-", paced, rate);
        awaitDelivered(fx, (long) warm + n + paced);
        Thread.sleep(2_000); // the last delivery rows reach ClickHouse
        var q =
            fx.clickHouse
                .query(
                    ClickHouseSql.bind(
                        "SELECT quantile(0.5)(latency_ms) AS p50, quantile(0.99)(latency_ms) AS p99"
                            + " FROM deliveries FINAL WHERE merchant_id = ? AND status = ? AND"
                            + " startsWith(event_id, ?)",
                        merchant,
                        "DELIVERED",
                        "lat-"))
                .get(0);
        // p99 per second of received_at: shows whether the tail is spread or one stall.
        StringBuilder bySecond = new StringBuilder();
        for (var row :
            fx.clickHouse.query(
                ClickHouseSql.bind(
                    "SELECT toUInt32(received_at) AS s, quantile(0.99)(latency_ms) AS p99"
                        + " FROM deliveries FINAL WHERE merchant_id = ? AND status = ? AND"
                        + " startsWith(event_id, ?) GROUP BY s ORDER BY s",
                    merchant,
                    "DELIVERED",
                    "lat-"))) {
          bySecond.append(' ').append(row.get("p99").asText().replaceAll("\\..*", ""));
        }

        long keys = (long) warm + n + paced;
        Thread.sleep(3 * fx.settings.checkpointInterval().toMillis());
        long checkpointBytes = directorySize(fx.checkpoints);
        System.out.printf(
            "%nPIPELINE BENCHMARK (%d events, 3 platforms, parallelism 2)%n"
                + "  load average          %s%n"
                + "  backlog produced in   %.1f s (%.0f events/s, before the job started)%n"
                + "  sustained end to end  %.0f events/s (%.0f deliveries/s)%n"
                + "  CPU per event         %.0f µs in the test JVM (broker, Flink, fakes; %.0f µs of it"
                + " the JIT compiler) + %.0f µs in clickhouse-server, while sustained%n"
                + "  CPU per event, job   %.0f µs in the job's own threads (tasks, their Kafka"
                + " producers and fetchers, HTTP clients; not the broker, fakes, JIT or GC)%n"
                + "  latency at %d ev/s    p50 %s ms, p99 %s ms (received_at -> platform answer)%n"
                + "  p99 by second (ms)   %s%n"
                + "  checkpoint size       %.1f MB for %d dedup keys = %.1f bytes/key (%.1f MB per million keys, all state)%n",
            n,
            loadAverage(),
            produceSeconds,
            (warm + n) / produceSeconds,
            n / seconds,
            3 * n / seconds,
            jvmPerEvent,
            jitPerEvent,
            chPerEvent,
            jobPerEvent,
            rate,
            q.get("p50").asText(),
            q.get("p99").asText(),
            bySecond,
            checkpointBytes / 1e6,
            keys,
            (double) checkpointBytes / keys,
            checkpointBytes * 1e6 / keys / 1e6);
      } finally {
        job.cancel().get();
      }
    }
  }

  private static void send(
      PipelineFixture fx, String merchant, String prefix, int count, int perSecond)
      throws Exception {
    long start = System.nanoTime();
    TrackEvent[] chunk = new TrackEvent[500];
    for (int i = 0; i < count; i += chunk.length) {
      int size = Math.min(chunk.length, count - i);
      TrackEvent[] part = size == chunk.length ? chunk : new TrackEvent[size];
      for (int j = 0; j < size; j++) {
        part[j] = event(merchant, prefix + (i + j), "purchase");
      }
      fx.sendAsync(part);
      if (perSecond > 0) {
        long due = start + (long) ((i + size) * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    }
    fx.flush();
  }

  /**
   * Waits (polling every 20 ms) until each platform has accepted {@code total} events since the
   * start. Counted at the platforms, not in ClickHouse: polling a growing table would be the load.
   * The benchmark's platforms never fail, so each event counts once.
   */
  private static void awaitDelivered(PipelineFixture fx, long total) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    for (String platform : List.of("meta", "tiktok", "snapchat")) {
      while (fx.platforms.receivedCount(platform) < total) {
        assertThat(System.nanoTime()).as("%s reached %d", platform, total).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  /**
   * CPU time of the job's own threads so far: the figure of a TaskManager's work, which the test
   * JVM's total mixes with the broker, the fake platforms and the JIT compiler. A thread that ended
   * takes its time with it (the job's threads live as long as the job).
   */
  private static long jobThreadsCpuMicros() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (long id : mx.getAllThreadIds()) {
      ThreadInfo info = mx.getThreadInfo(id);
      if (info != null && JOB_THREAD.matcher(info.getThreadName()).find()) {
        nanos += Math.max(0, mx.getThreadCpuTime(id));
      }
    }
    return nanos / 1_000;
  }

  /** Task threads ("chain (1/2)#0"), their sources' fetchers, output flushers, sinks' and HTTP. */
  private static final Pattern JOB_THREAD =
      Pattern.compile(
          "\\(\\d+/\\d+\\)#\\d+$|^Source Data Fetcher|^OutputFlusher|^kafka-producer-network-thread"
              + "|^tracklayer-delivery-http|^HttpClient-|^AsyncOperations");

  /** CPU time of this JVM's JIT compiler threads (C1, C2), from /proc (Linux). */
  private static long compilerCpuMicros() throws IOException {
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        }
      }
    }
    return ticks * 10_000; // USER_HZ is 100 on Linux
  }

  /** User plus system CPU time a process has used so far, as the JDK reports it. */
  private static long cpuMicros(long pid) {
    return ProcessHandle.of(pid)
            .flatMap(p -> p.info().totalCpuDuration())
            .orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid))
            .toNanos()
        / 1_000;
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).strip();
  }

  private static long directorySize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
