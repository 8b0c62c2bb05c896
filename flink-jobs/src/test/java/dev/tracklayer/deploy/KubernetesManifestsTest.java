package dev.tracklayer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tracklayer.deploy.Kustomization.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes, checked without a cluster: every file against the fields and types of the API
 * versions it uses (schema.yaml), each install (overlay) rendered as kustomize would and checked
 * against the code: the variables it sets are ones the code reads, every topic the code uses has a
 * KafkaTopic, probes and ports are the ones application.yml serves, images come from the
 * Dockerfiles and jars the build makes. The last tests make one typo each and show it is caught.
 */
class KubernetesManifestsTest {
  private static final Path KUBERNETES = CodeSettings.root().resolve("deploy/kubernetes");

  static List<Manifest> install(String folder) {
    List<Manifest> manifests = new ArrayList<>(Kustomization.render(KUBERNETES.resolve(folder)));
    if (folder.equals("replay")) {
      // applied next to a running install, whose ConfigMaps and topics it uses
      manifests.addAll(Kustomization.render(KUBERNETES.resolve("overlays/small")));
    }
    return manifests;
  }

  @Test
  void everyFileFollowsTheSchemaOfItsKind() throws IOException {
    ManifestSchema schema = ManifestSchema.load();
    Set<Path> patches = new HashSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(KUBERNETES)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        patches.addAll(Kustomization.patchFiles(file.getParent()));
      }
    }
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      for (ObjectNode doc : Kustomization.read(file)) {
        schema
            .check(doc, patches.contains(file))
            .forEach(e -> problems.add(KUBERNETES.relativize(file) + ": " + e));
      }
    }
    assertThat(files).hasSizeGreaterThan(10);
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/small", "overlays/large", "replay"})
  void eachInstallAgreesWithTheCode(String folder) {
    InstallChecks checks = new InstallChecks(install(folder));
    assertThat(checks.of("FlinkDeployment")).isNotEmpty();
    assertThat(checks.all()).isEmpty();
  }

  @Test
  void theOverlaysSizeThePipelineAndItsTopicsTogether() {
    InstallChecks small = new InstallChecks(install("overlays/small"));
    InstallChecks large = new InstallChecks(install("overlays/large"));
    assertThat(parallelism(large, "tracklayer-pipeline"))
        .isGreaterThan(parallelism(small, "tracklayer-pipeline"));
    assertThat(partitions(large, "events-raw"))
        .isGreaterThanOrEqualTo(parallelism(large, "tracklayer-pipeline"));
    assertThat(
            large
                .find("KafkaNodePool", "brokers")
                .orElseThrow()
                .doc()
                .path("spec")
                .path("replicas")
                .asInt())
        .isGreaterThan(
            small
                .find("KafkaNodePool", "brokers")
                .orElseThrow()
                .doc()
                .path("spec")
                .path("replicas")
                .asInt());
  }

  private static int parallelism(InstallChecks install, String name) {
    return install
        .find("FlinkDeployment", name)
        .orElseThrow()
        .doc()
        .path("spec")
        .path("job")
        .path("parallelism")
        .asInt();
  }

  private static int partitions(InstallChecks install, String name) {
    return install
        .find("KafkaTopic", name)
        .orElseThrow()
        .doc()
        .path("spec")
        .path("partitions")
        .asInt();
  }

  // ------------------------------------------------------------------ typos are caught

  private static InstallChecks smallWith(java.util.function.Consumer<List<Manifest>> typo) {
    List<Manifest> manifests = install("overlays/small");
    typo.accept(manifests);
    return new InstallChecks(manifests);
  }

  private static ObjectNode doc(List<Manifest> manifests, String kind, String name) {
    return Kustomization.find(manifests, kind, name).orElseThrow().doc();
  }

  private static ObjectNode container(List<Manifest> manifests, String kind, String name) {
    return (ObjectNode)
        InstallChecks.containers(Kustomization.find(manifests, kind, name).orElseThrow()).get(0);
  }

  @Test
  void aMisspeltFieldOrAWrongTypeFailsTheSchema() {
    assertThat(
            smallWith(
                    m -> {
                      ObjectNode spec =
                          (ObjectNode) doc(m, "Deployment", "ingest-gateway").get("spec");
                      spec.set("replcas", spec.remove("replicas"));
                    })
                .schema())
        .anyMatch(p -> p.contains("spec.replcas: unknown field"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode)
                                doc(m, "FlinkDeployment", "tracklayer-pipeline")
                                    .get("spec")
                                    .get("flinkConfiguration"))
                            .put("taskmanager.numberOfTaskSlots", 2))
                .schema())
        .anyMatch(p -> p.contains("taskmanager.numberOfTaskSlots: expected a string"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "FlinkDeployment", "tracklayer-rollup").get("spec"))
                            .put("flinkVersion", "v2_22"))
                .schema())
        .anyMatch(p -> p.contains("\"v2_22\" is not one of"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "KafkaNodePool", "brokers").get("spec"))
                            .putArray("roles")
                            .add("brokers"))
                .schema())
        .anyMatch(p -> p.contains("\"brokers\" is not one of [\"controller\",\"broker\"]"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "ConfigMap", "ingest-gateway-settings").get("data"))
                            .put("TRACKLAYER_INGEST_PORT", 8080))
                .schema())
        .anyMatch(p -> p.contains("data.TRACKLAYER_INGEST_PORT: expected a string"));
  }

  @Test
  void aVariableTheCodeDoesNotReadIsCaught() {
    assertThat(
            smallWith(
                    m -> {
                      JsonNode env = container(m, "Deployment", "ingest-gateway").get("env");
                      ((ObjectNode) env.get(0)).put("name", "TRACKLAYER_KAFKA_BOOTSTRAPS");
                    })
                .environment())
        .anyMatch(
            p -> p.contains("sets TRACKLAYER_KAFKA_BOOTSTRAPS, which ingest-gateway never reads"))
        .anyMatch(
            p ->
                p.contains(
                    "ingest-gateway reads TRACKLAYER_KAFKA_BOOTSTRAP but the Deployment does not set it"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "ConfigMap", "pipeline-settings").get("data"))
                            .put("TRACKLAYER_DELIVERY_MAX_INFLIGHT", "100"))
                .environment())
        .anyMatch(
            p ->
                p.contains(
                    "sets TRACKLAYER_DELIVERY_MAX_INFLIGHT, which dev.tracklayer.flink.pipeline.PipelineJob never reads"));
    // read by prefix: accepted because it changes the job's settings
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "ConfigMap", "pipeline-settings").get("data"))
                            .put("TRACKLAYER_DELIVERY_RETRY_HORIZON_META", "2h"))
                .environment())
        .isEmpty();
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode)
                                container(m, "FlinkDeployment", "tracklayer-pipeline")
                                    .withArray("env")
                                    .get(8))
                            .put("name", "TRACKLAYER_CREDENTIAL_KEY"))
                .environment())
        .anyMatch(
            p ->
                p.contains(
                    "PipelineJob reads TRACKLAYER_CREDENTIALS_KEY but the FlinkDeployment does not set it"));
  }

  @Test
  void replayArgumentsTheReplayJobRefusesAreCaught() {
    List<Manifest> manifests = install("replay");
    ((ObjectNode) doc(manifests, "FlinkDeployment", "tracklayer-replay").get("spec").get("job"))
        .withArray("args")
        .set(0, TextNode.valueOf("--form"));
    assertThat(new InstallChecks(manifests).environment())
        .anyMatch(
            p ->
                p.contains("ReplayJob refuses its arguments or settings: unknown argument --form"));
  }

  @Test
  void aTopicTheCodeUsesWithoutAKafkaTopicIsCaught() {
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "KafkaTopic", "config-changes").get("spec"))
                            .put("topicName", "config.change"))
                .topics())
        .anyMatch(p -> p.contains("uses topic config.changes, which has no KafkaTopic"))
        .anyMatch(p -> p.contains("are not the topics ./tracklayer creates"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "KafkaTopic", "config-changes").get("spec"))
                            .remove("config"))
                .topics())
        .anyMatch(p -> p.contains("cleanup.policy \"\" where ./tracklayer has \"compact\""));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode)
                                doc(m, "FlinkDeployment", "tracklayer-pipeline")
                                    .get("spec")
                                    .get("job"))
                            .put("parallelism", 12))
                .topics())
        .anyMatch(p -> p.contains("parallelism 12 above the partitions of KafkaTopic events-raw"));
  }

  @Test
  void aProbeOrPortTheGatewayDoesNotServeIsCaught() {
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode)
                                container(m, "Deployment", "api-gateway")
                                    .get("readinessProbe")
                                    .get("httpGet"))
                            .put("path", "/actuator/health/readyness"))
                .gateways())
        .anyMatch(
            p ->
                p.contains(
                    "readinessProbe asks /actuator/health/readyness, which api-gateway does not serve"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode)
                                container(m, "Deployment", "ingest-gateway")
                                    .get("livenessProbe")
                                    .get("httpGet"))
                            .put("port", "http"))
                .gateways())
        .anyMatch(p -> p.contains("livenessProbe on port \"http\", not the management port 9080"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "ConfigMap", "api-gateway-settings").get("data"))
                            .put("TRACKLAYER_API_PORT", "8082"))
                .gateways())
        .anyMatch(p -> p.contains("container port http is 8081, the application listens on 8082"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode) doc(m, "ConfigMap", "ingest-gateway-settings").get("data"))
                            .remove("TRACKLAYER_MANAGEMENT_ADDRESS"))
                .gateways())
        .anyMatch(p -> p.contains("actuator listens on 127.0.0.1"));
  }

  @Test
  void anImageJarOrEntryClassThatIsNotBuiltIsCaught() {
    assertThat(
            smallWith(
                    m ->
                        container(m, "Deployment", "api-gateway")
                            .put("image", "ghcr.io/tracklayer/api-gatway:${VERSION}"))
                .images())
        .anyMatch(p -> p.contains("has no deploy/docker/api-gatway.Dockerfile"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode)
                                doc(m, "FlinkDeployment", "tracklayer-rollup")
                                    .get("spec")
                                    .get("job"))
                            .put("jarURI", "local:///opt/flink/usrlib/flink-job.jar"))
                .images())
        .anyMatch(p -> p.contains("puts the jar at /opt/flink/usrlib/flink-jobs.jar"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode)
                                doc(m, "FlinkDeployment", "tracklayer-rollup")
                                    .get("spec")
                                    .get("job"))
                            .put("entryClass", "dev.tracklayer.flink.rollup.RollUpJob"))
                .flink())
        .anyMatch(
            p -> p.contains("entry class dev.tracklayer.flink.rollup.RollUpJob does not exist"));
    assertThat(
            smallWith(
                    m ->
                        ((ObjectNode)
                                doc(m, "FlinkDeployment", "tracklayer-pipeline")
                                    .get("spec")
                                    .get("flinkConfiguration"))
                            .put(
                                "execution.checkpointing.dir",
                                "s3://tracklayer-flink-state/checkpoints"))
                .flink())
        .anyMatch(
            p ->
                p.contains(
                    "but the job checkpoints to s3://tracklayer-flink-state/checkpoints/pipeline"));
  }
}
