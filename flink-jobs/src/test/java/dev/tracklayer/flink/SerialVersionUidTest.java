package dev.tracklayer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Functions, operators, sources and sinks travel to the cluster as Java-serialized objects. Each
 * declares its serialVersionUID on purpose, so a recompile that changes nothing about its fields
 * does not change its stream identity (the compiler-computed one changes with any new method).
 */
class SerialVersionUidTest {
  @Test
  void everySerializableClassOfTheJobsDeclaresItsSerialVersionUid() throws Exception {
    List<String> missing =
        classes().stream()
            .filter(c -> Serializable.class.isAssignableFrom(c))
            .filter(c -> !c.isInterface() && !c.isEnum() && !c.isRecord())
            .filter(c -> !declaresSerialVersionUid(c))
            .map(Class::getName)
            .sorted()
            .toList();
    assertThat(missing)
        .as("serializable classes without 'private static final long serialVersionUID'")
        .isEmpty();
  }

  private static boolean declaresSerialVersionUid(Class<?> c) {
    try {
      Field f = c.getDeclaredField("serialVersionUID");
      return Modifier.isStatic(f.getModifiers())
          && Modifier.isFinal(f.getModifiers())
          && f.getType() == long.class;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  /** Every class compiled from src/main under dev.tracklayer.flink. */
  private static List<Class<?>> classes() throws IOException, URISyntaxException {
    Path root =
        Path.of(TrackLayerJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(root.resolve("dev/tracklayer/flink"))) {
      return files
          .map(root::relativize)
          .map(Path::toString)
          .filter(p -> p.endsWith(".class"))
          .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
          .map(SerialVersionUidTest::load)
          .toList();
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, SerialVersionUidTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
