package dev.tracklayer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.testing.RepoPaths;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * The Flink process of {@code ./tracklayer up} logs with deploy/flink/log4j2.properties: an idle
 * stack must not repeat a warning at every checkpoint.
 */
class QuietLogTest {
  @Test
  void theCommittersRepeatedNameCollisionIsDroppedAndOtherWarningsStay() {
    LoggerContext context =
        Configurator.initialize(
            "quiet-log-test",
            null,
            RepoPaths.root().resolve("deploy/flink/log4j2.properties").toUri());
    try {
      List<String> seen = new ArrayList<>();
      AbstractAppender capture =
          new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
              seen.add(event.getMessage().getFormattedMessage());
            }
          };
      capture.start();
      context.getConfiguration().addAppender(capture);
      context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
      context
          .getConfiguration()
          .getLoggerConfig("org.apache.flink.metrics.MetricGroup")
          .addAppender(capture, Level.ALL, null);
      context.updateLoggers();

      var metrics = context.getLogger("org.apache.flink.metrics.MetricGroup");
      metrics.warn(
          "Name collision: Group already contains a Metric with the name 'pendingCommittables'."
              + " Metric will not be reported.[, taskmanager, x]");
      metrics.warn(
          "Name collision: Group already contains a Metric with the name 'numRecordsIn'."
              + " Metric will not be reported.");

      assertThat(seen)
          .noneMatch(m -> m.contains("pendingCommittables"))
          .anyMatch(m -> m.contains("'numRecordsIn'"));
    } finally {
      Configurator.shutdown(context);
    }
  }
}
