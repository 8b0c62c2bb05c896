package dev.tracklayer.flink.replay;

import java.util.Map;
import java.util.TreeMap;

/** Counts per Kafka partition, printed every few seconds while the replay runs and at its end. */
final class Progress {
  private static final long EVERY_MS = 5_000;

  private final String[] names;
  private final Map<Integer, long[]> byPartition = new TreeMap<>();
  private long printedAt = System.currentTimeMillis();

  Progress(String... names) {
    this.names = names;
  }

  void add(int partition, int counter) {
    byPartition.computeIfAbsent(partition, p -> new long[names.length])[counter]++;
    long now = System.currentTimeMillis();
    if (now - printedAt >= EVERY_MS) {
      printedAt = now;
      print();
    }
  }

  void print() {
    StringBuilder line = new StringBuilder("replay:");
    byPartition.forEach(
        (p, counts) -> {
          line.append(" partition ").append(p);
          for (int i = 0; i < names.length; i++) {
            line.append(' ').append(names[i]).append(' ').append(counts[i]);
          }
          line.append(';');
        });
    System.out.println(line);
  }
}
