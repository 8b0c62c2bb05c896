package dev.tracklayer.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the newest retained checkpoint on a local checkpoint directory, to resume from it. */
public final class Checkpoints {
  private Checkpoints() {}

  /** The newest {@code <dir>/<job-id>/chk-N} that holds a completed checkpoint's metadata. */
  public static Optional<Path> latest(String checkpointDir) {
    if (checkpointDir == null || checkpointDir.isBlank()) {
      return Optional.empty();
    }
    Path root =
        checkpointDir.startsWith("file:")
            ? Path.of(URI.create(checkpointDir))
            : Path.of(checkpointDir);
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(root)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(Checkpoints::children)
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .max(Comparator.comparingLong(Checkpoints::modified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> children(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
