package dev.tracklayer.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft broker in the test JVM, on a free port. It can be stopped and started
 * again on the same port and log directory, so tests can take Kafka away mid-test.
 */
public final class KafkaTestBroker implements AutoCloseable {
  private static KafkaTestBroker shared;

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  private KafkaTestBroker() {
    this.dir = TestDirs.create("kafka-");
    this.port = FreePorts.next();
    this.controllerPort = FreePorts.next();
    format();
    start();
  }

  /** One broker per test JVM, stopped when the JVM exits. */
  public static synchronized KafkaTestBroker shared() {
    if (shared == null) {
      shared = new KafkaTestBroker();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A broker of its own, for tests that stop it. */
  public static KafkaTestBroker dedicated() {
    return new KafkaTestBroker();
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  private Properties config() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("transaction.max.timeout.ms", "3600000");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "2");
    p.put("log.retention.ms", "-1");
    p.put("auto.create.topics.enable", "true");
    return p;
  }

  private void format() {
    Properties p = config();
    Path file = dir.resolve("server.properties");
    try (var out = java.nio.file.Files.newBufferedWriter(file)) {
      p.store(out, "test broker");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int rc =
        StorageTool.execute(
            new String[] {
              "format",
              "-t",
              Uuid.randomUuid().toString(),
              "-c",
              file.toString(),
              "--feature",
              "transaction.version=1",
              "--ignore-formatted"
            },
            new PrintStream(log, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("kafka storage format failed: " + log);
    }
  }

  public synchronized void start() {
    if (server != null) {
      return;
    }
    server = new KafkaRaftServer(KafkaConfig.fromProps(config(), false), Time.SYSTEM);
    server.startup();
    awaitReady();
  }

  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("kafka broker not ready", e);
        }
      }
    }
  }

  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
    return Admin.create(p);
  }

  /** Creates topics that do not exist yet. */
  public void createTopics(int partitions, String... names) {
    try (Admin admin = admin()) {
      for (String name : names) {
        try {
          admin
              .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
              .all()
              .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(e);
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      TestDirs.deleteQuietly(dir);
    }
  }
}
