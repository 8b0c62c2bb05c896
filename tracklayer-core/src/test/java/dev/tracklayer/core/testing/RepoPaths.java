package dev.tracklayer.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (deploy templates) from any module's working directory. */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("tracklayer")) && Files.isDirectory(dir.resolve("deploy"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "repository root not found above " + System.getProperty("user.dir"));
  }
}
