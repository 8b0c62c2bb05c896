package dev.tracklayer.ingest.fuzz;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Log events with a throwable (a stack trace in the log), as they happen. The Kafka clients' own
 * loggers are left out: their background threads log timeouts of metadata and health checks with a
 * throwable now and then, whatever the requests are.
 */
final class LogWatch extends AppenderBase<ILoggingEvent> {
  private final List<ILoggingEvent> withThrowable = new ArrayList<>();

  /** Attached to the root logger; after Spring Boot set up logging, which resets appenders. */
  static LogWatch attach() {
    LogWatch watch = new LogWatch();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    watch.setContext(root.getLoggerContext());
    watch.setName("fuzz-log-watch");
    watch.start();
    root.addAppender(watch);
    return watch;
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    if (event.getThrowableProxy() != null
        && !event.getLoggerName().startsWith("org.apache.kafka")) {
      withThrowable.add(event);
    }
  }

  /** What was logged with a throwable since the last call, as "LEVEL logger: message (class)". */
  synchronized List<String> drain() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : withThrowable) {
      out.add(
          e.getLevel()
              + " "
              + e.getLoggerName()
              + ": "
              + e.getFormattedMessage()
              + " ("
              + e.getThrowableProxy().getClassName()
              + ": "
              + e.getThrowableProxy().getMessage()
              + ")");
    }
    withThrowable.clear();
    return out;
  }
}
