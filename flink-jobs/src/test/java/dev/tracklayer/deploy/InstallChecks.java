package dev.tracklayer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tracklayer.deploy.Kustomization.Manifest;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of one rendered install (an overlay of deploy/kubernetes), each returning what is
 * wrong, so a test can also show that a typo is caught.
 */
final class InstallChecks {
  /** The connection settings and secrets every workload must get when its code reads them. */
  static final String ENDPOINTS = "tracklayer-endpoints";

  static final String SECRETS = "tracklayer-secrets";

  static final String IMAGE_PREFIX = "ghcr.io/tracklayer/";
  static final String IMAGE_TAG = ":${VERSION}";

  /** The module each gateway Deployment runs (the Deployment's name is the module's). */
  static final Set<String> GATEWAYS = Set.of("ingest-gateway", "api-gateway");

  private final List<Manifest> manifests;

  InstallChecks(List<Manifest> manifests) {
    this.manifests = manifests;
  }

  List<Manifest> of(String kind) {
    return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  Optional<Manifest> find(String kind, String name) {
    return Kustomization.find(manifests, kind, name);
  }

  List<String> all() {
    List<String> problems = new ArrayList<>();
    problems.addAll(schema());
    problems.addAll(references());
    problems.addAll(environment());
    problems.addAll(topics());
    problems.addAll(gateways());
    problems.addAll(images());
    problems.addAll(flink());
    return problems;
  }

  List<String> schema() {
    ManifestSchema schema = ManifestSchema.load();
    List<String> problems = new ArrayList<>();
    for (Manifest m : manifests) {
      schema.check(m.doc(), false).forEach(e -> problems.add(m + ": " + e));
    }
    return problems;
  }

  // ------------------------------------------------------------------ references

  List<String> references() {
    List<String> problems = new ArrayList<>();
    for (Manifest m : manifests) {
      for (JsonNode container : containers(m)) {
        for (JsonNode env : container.path("env")) {
          JsonNode from = env.path("valueFrom");
          keyRef(m, from.path("configMapKeyRef"), "ConfigMap", "data", problems);
          keyRef(m, from.path("secretKeyRef"), "Secret", "stringData", problems);
        }
        for (JsonNode from : container.path("envFrom")) {
          String name = from.path("configMapRef").path("name").asText(null);
          if (name != null && find("ConfigMap", name).isEmpty()) {
            problems.add(m + ": envFrom names ConfigMap " + name + ", which the install lacks");
          }
        }
      }
    }
    for (Manifest service : of("Service")) {
      JsonNode selector = service.doc().path("spec").path("selector");
      if (selector.isMissingNode()) {
        continue;
      }
      Optional<Manifest> target = deploymentSelectedBy(selector);
      if (target.isEmpty()) {
        problems.add(service + ": its selector " + selector + " matches no Deployment's pods");
        continue;
      }
      for (JsonNode port : service.doc().path("spec").path("ports")) {
        if (containerPort(target.get(), port.path("targetPort")).isEmpty()) {
          problems.add(
              service
                  + ": targetPort "
                  + port.path("targetPort")
                  + " is no port of "
                  + target.get());
        }
      }
    }
    for (Manifest hpa : of("HorizontalPodAutoscaler")) {
      JsonNode spec = hpa.doc().path("spec");
      Optional<Manifest> target =
          find(
              spec.path("scaleTargetRef").path("kind").asText(),
              spec.path("scaleTargetRef").path("name").asText());
      if (target.isEmpty()) {
        problems.add(hpa + ": scales " + spec.path("scaleTargetRef") + ", which the install lacks");
        continue;
      }
      int min = spec.path("minReplicas").asInt(1);
      int max = spec.path("maxReplicas").asInt();
      int replicas = target.get().doc().path("spec").path("replicas").asInt(1);
      if (min > max || replicas < min || replicas > max) {
        problems.add(
            hpa
                + ": replicas "
                + replicas
                + " outside minReplicas "
                + min
                + " .. maxReplicas "
                + max);
      }
    }
    for (Manifest pdb : of("PodDisruptionBudget")) {
      if (deploymentSelectedBy(pdb.doc().path("spec").path("selector").path("matchLabels"))
          .isEmpty()) {
        problems.add(pdb + ": its selector matches no Deployment's pods");
      }
    }
    Set<String> clusters = new TreeSet<>();
    of("Kafka").forEach(k -> clusters.add(k.name()));
    for (Manifest m : manifests) {
      if (m.kind().startsWith("Kafka") && !m.kind().equals("Kafka")) {
        String cluster =
            m.doc().path("metadata").path("labels").path("strimzi.io/cluster").asText();
        if (!clusters.contains(cluster)) {
          problems.add(
              m + ": label strimzi.io/cluster \"" + cluster + "\" names no Kafka of the install");
        }
      }
    }
    return problems;
  }

  private void keyRef(Manifest m, JsonNode ref, String kind, String field, List<String> problems) {
    if (ref.isMissingNode()) {
      return;
    }
    String name = ref.path("name").asText();
    String key = ref.path("key").asText();
    Optional<Manifest> target = find(kind, name);
    if (target.isEmpty()) {
      problems.add(m + ": refers to " + kind + " " + name + ", which the install lacks");
    } else if (!target.get().doc().path(field).has(key)) {
      problems.add(
          m + ": refers to key " + key + " of " + kind + " " + name + ", which has no such key");
    }
  }

  private Optional<Manifest> deploymentSelectedBy(JsonNode selector) {
    return of("Deployment").stream()
        .filter(
            d -> {
              JsonNode labels =
                  d.doc().path("spec").path("template").path("metadata").path("labels");
              for (var it = selector.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!labels.path(e.getKey()).equals(e.getValue())) {
                  return false;
                }
              }
              return selector.size() > 0;
            })
        .findFirst();
  }

  /** The container port of a Deployment that {@code port} (a name or a number) means. */
  static Optional<JsonNode> containerPort(Manifest deployment, JsonNode port) {
    for (JsonNode container : containers(deployment)) {
      for (JsonNode p : container.path("ports")) {
        if (port.isTextual()
            ? p.path("name").asText().equals(port.asText())
            : p.path("containerPort").asInt() == port.asInt()) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  static List<JsonNode> containers(Manifest m) {
    JsonNode spec = m.doc().path("spec");
    JsonNode template =
        m.kind().equals("FlinkDeployment") ? spec.path("podTemplate") : spec.path("template");
    List<JsonNode> out = new ArrayList<>();
    template.path("spec").path("containers").forEach(out::add);
    return out;
  }

  // ------------------------------------------------------------------ environment

  /** A FlinkDeployment's job settings parser (its entry class, with its arguments), or null. */
  static Function<Map<String, String>, Object> jobSettings(Manifest f) {
    JsonNode job = f.doc().path("spec").path("job");
    List<String> args = new ArrayList<>();
    job.path("args").forEach(a -> args.add(a.asText()));
    return CodeSettings.jobSettings(job.path("entryClass").asText(), args);
  }

  /** The variables a workload's first container gets, with their values (refs resolved). */
  Map<String, String> environment(Manifest m) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode container : containers(m)) {
      for (JsonNode from : container.path("envFrom")) {
        find("ConfigMap", from.path("configMapRef").path("name").asText())
            .ifPresent(
                cm ->
                    cm.doc()
                        .path("data")
                        .fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
      }
      for (JsonNode e : container.path("env")) {
        JsonNode from = e.path("valueFrom");
        String value = e.path("value").asText("");
        if (from.has("configMapKeyRef")) {
          value =
              find("ConfigMap", from.path("configMapKeyRef").path("name").asText())
                  .map(
                      cm ->
                          cm.doc()
                              .path("data")
                              .path(from.path("configMapKeyRef").path("key").asText())
                              .asText())
                  .orElse("");
        } else if (from.has("secretKeyRef")) {
          value = "secret";
        }
        env.put(e.path("name").asText(), value);
      }
    }
    return env;
  }

  List<String> environment() {
    List<String> problems = new ArrayList<>();
    Set<String> shared = new TreeSet<>();
    find("ConfigMap", ENDPOINTS)
        .ifPresent(cm -> cm.doc().path("data").fieldNames().forEachRemaining(shared::add));
    find("Secret", SECRETS)
        .ifPresent(s -> s.doc().path("stringData").fieldNames().forEachRemaining(shared::add));
    for (Manifest d : of("Deployment")) {
      if (!GATEWAYS.contains(d.name())) {
        problems.add(d + ": a Deployment of no known module");
        continue;
      }
      String module = d.name();
      Set<String> reads = CodeSettings.gatewayReads(module);
      Map<String, String> env = environment(d);
      for (String name : env.keySet()) {
        if (!reads.contains(name)) {
          problems.add(d + ": sets " + name + ", which " + module + " never reads");
        }
      }
      for (String name : shared) {
        if (reads.contains(name) && !env.containsKey(name)) {
          problems.add(
              d + ": " + module + " reads " + name + " but the Deployment does not set it");
        }
      }
    }
    for (Manifest f : of("FlinkDeployment")) {
      String entryClass = f.doc().path("spec").path("job").path("entryClass").asText();
      Map<String, String> env = environment(f);
      Function<Map<String, String>, Object> parse = jobSettings(f);
      if (parse == null) {
        problems.add(f + ": entry class " + entryClass + " is no job of flink-jobs");
        continue;
      }
      try {
        parse.apply(env);
      } catch (IllegalArgumentException e) {
        problems.add(
            f + ": " + entryClass + " refuses its arguments or settings: " + e.getMessage());
        continue;
      }
      for (String name : env.keySet()) {
        if (!CodeSettings.jobReads(parse, name, env)) {
          problems.add(f + ": sets " + name + ", which " + entryClass + " never reads");
        }
      }
      for (String name : shared) {
        if (!env.containsKey(name) && CodeSettings.jobReads(parse, name, env)) {
          problems.add(
              f
                  + ": "
                  + entryClass
                  + " reads "
                  + name
                  + " but the FlinkDeployment does not set it");
        }
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------ topics

  List<String> topics() {
    List<String> problems = new ArrayList<>();
    Map<String, Manifest> topics = new LinkedHashMap<>();
    for (Manifest t : of("KafkaTopic")) {
      topics.put(t.doc().path("spec").path("topicName").asText(t.name()), t);
    }
    if (topics.isEmpty()) {
      return problems; // the replay folder: it uses the install's topics
    }
    Map<String, String[]> script = CodeSettings.scriptTopics();
    if (!topics.keySet().equals(script.keySet())) {
      problems.add(
          "KafkaTopics "
              + topics.keySet()
              + " are not the topics ./tracklayer creates "
              + script.keySet());
    }
    script.forEach(
        (name, spec) -> {
          Manifest t = topics.get(name);
          if (t == null) {
            return;
          }
          int partitions = t.doc().path("spec").path("partitions").asInt();
          if (partitions < Integer.parseInt(spec[0])) {
            problems.add(
                t
                    + ": "
                    + partitions
                    + " partitions, fewer than the "
                    + spec[0]
                    + " of ./tracklayer");
          }
          String compact = spec[1].equals("cleanup.policy=compact") ? "compact" : "";
          String policy = t.doc().path("spec").path("config").path("cleanup.policy").asText("");
          if (!policy.equals(compact)) {
            problems.add(
                t
                    + ": cleanup.policy \""
                    + policy
                    + "\" where ./tracklayer has \""
                    + compact
                    + "\"");
          }
        });
    List<String> used = new ArrayList<>();
    for (Manifest d : of("Deployment")) {
      Map<String, String> env = environment(d);
      JsonNode kafka = CodeSettings.applicationYml(d.name()).path("tracklayer").path("kafka");
      for (String setting :
          List.of(
              "topic", "rejections-topic", "duplicates-topic", "events-topic", "config-topic")) {
        if (kafka.has(setting)) {
          used.add(
              d + " " + setting + "=" + CodeSettings.resolve(kafka.get(setting).asText(), env));
        }
      }
    }
    for (Manifest f : of("FlinkDeployment")) {
      String entryClass = f.doc().path("spec").path("job").path("entryClass").asText();
      if (jobSettings(f) == null) {
        continue; // reported by environment()
      }
      Object settings;
      try {
        settings = jobSettings(f).apply(environment(f));
      } catch (IllegalArgumentException e) {
        continue; // reported by environment()
      }
      for (var component : settings.getClass().getRecordComponents()) {
        if (component.getName().endsWith("Topic")) {
          try {
            used.add(
                f + " " + component.getName() + "=" + component.getAccessor().invoke(settings));
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      int parallelism = f.doc().path("spec").path("job").path("parallelism").asInt(1);
      for (String source : sourceTopics(entryClass)) {
        Manifest t = topics.get(source);
        if (t != null && t.doc().path("spec").path("partitions").asInt() < parallelism) {
          problems.add(
              f
                  + ": parallelism "
                  + parallelism
                  + " above the partitions of "
                  + t
                  + ": idle source subtasks");
        }
      }
    }
    for (String use : used) {
      String topic = use.substring(use.lastIndexOf('=') + 1);
      if (!topics.containsKey(topic)) {
        problems.add(
            use.substring(0, use.lastIndexOf('='))
                + " uses topic "
                + topic
                + ", which has no KafkaTopic");
      }
    }
    return problems;
  }

  /** The topics a job reads at its full parallelism. */
  private static List<String> sourceTopics(String entryClass) {
    return switch (entryClass) {
      case "dev.tracklayer.flink.pipeline.PipelineJob" -> List.of("events.raw");
      case "dev.tracklayer.flink.rollup.RollupJob" ->
          List.of("events.accepted", "deliveries.results");
      default -> List.of();
    };
  }

  // ------------------------------------------------------------------ gateways

  List<String> gateways() {
    List<String> problems = new ArrayList<>();
    for (Manifest d : of("Deployment")) {
      if (!GATEWAYS.contains(d.name())) {
        continue;
      }
      String module = d.name();
      JsonNode yml = CodeSettings.applicationYml(module);
      Map<String, String> env = environment(d);
      String port = CodeSettings.resolve(yml.path("server").path("port").asText(), env);
      JsonNode management = yml.path("management");
      String managementPort =
          CodeSettings.resolve(management.path("server").path("port").asText(), env);
      String address =
          CodeSettings.resolve(management.path("server").path("address").asText(), env);
      expectPort(d, "http", port, problems);
      expectPort(d, "management", managementPort, problems);
      if (!address.equals("0.0.0.0")) {
        problems.add(
            d
                + ": actuator listens on "
                + address
                + " (TRACKLAYER_MANAGEMENT_ADDRESS): the kubelet cannot probe it");
      }
      if (!management.path("endpoint").path("health").path("probes").path("enabled").asBoolean()) {
        problems.add(d + ": " + module + " has no liveness and readiness health groups");
      }
      String base = management.path("endpoints").path("web").path("base-path").asText("/actuator");
      Map<String, List<String>> allowed =
          Map.of(
              "livenessProbe", List.of(base + "/health/liveness"),
              "readinessProbe", List.of(base + "/health/readiness"),
              "startupProbe", List.of(base + "/health/liveness", base + "/health/readiness"));
      for (JsonNode container : containers(d)) {
        allowed.forEach(
            (probe, paths) -> {
              JsonNode get = container.path(probe).path("httpGet");
              if (get.isMissingNode()) {
                problems.add(d + ": no " + probe);
                return;
              }
              if (!paths.contains(get.path("path").asText())) {
                problems.add(
                    d
                        + ": "
                        + probe
                        + " asks "
                        + get.path("path").asText()
                        + ", which "
                        + module
                        + " does not serve; expected "
                        + paths);
              }
              String probed =
                  containerPort(d, get.path("port"))
                      .map(p -> p.path("containerPort").asText())
                      .orElse("?");
              if (!probed.equals(managementPort)) {
                problems.add(
                    d
                        + ": "
                        + probe
                        + " on port "
                        + get.path("port")
                        + ", not the management port "
                        + managementPort);
              }
            });
      }
    }
    return problems;
  }

  private static void expectPort(Manifest d, String name, String expected, List<String> problems) {
    String actual =
        containerPort(d, TextNode.valueOf(name))
            .map(p -> p.path("containerPort").asText())
            .orElse("none");
    if (!actual.equals(expected)) {
      problems.add(
          d
              + ": container port "
              + name
              + " is "
              + actual
              + ", the application listens on "
              + expected);
    }
  }

  // ------------------------------------------------------------------ images

  List<String> images() {
    List<String> problems = new ArrayList<>();
    Path root = CodeSettings.root();
    // ./tracklayer and the scripts it sources (deploy/scripts, deploy/flink) start the processes.
    StringBuilder scripts = new StringBuilder(CodeSettings.text(root.resolve("tracklayer")));
    for (String part : List.of("install", "processes", "secrets", "parts", "commands")) {
      scripts.append(CodeSettings.text(root.resolve("deploy/scripts/" + part + ".sh")));
    }
    scripts.append(CodeSettings.text(root.resolve("deploy/flink/flink.sh")));
    String script = scripts.toString();
    for (Manifest m : manifests) {
      List<String> images = new ArrayList<>();
      if (m.kind().equals("FlinkDeployment")) {
        images.add(m.doc().path("spec").path("image").asText());
      } else {
        for (JsonNode c : containers(m)) {
          if (!c.has("image")) {
            problems.add(m + ": container " + c.path("name").asText() + " has no image");
          }
          images.add(c.path("image").asText());
        }
      }
      for (String image : images) {
        if (!image.startsWith(IMAGE_PREFIX) || !image.endsWith(IMAGE_TAG)) {
          problems.add(m + ": image " + image + " is not " + IMAGE_PREFIX + "<module>" + IMAGE_TAG);
          continue;
        }
        String module = image.substring(IMAGE_PREFIX.length(), image.length() - IMAGE_TAG.length());
        Path dockerfile = root.resolve("deploy/docker/" + module + ".Dockerfile");
        if (!Files.exists(dockerfile)) {
          problems.add(m + ": image " + image + " has no deploy/docker/" + module + ".Dockerfile");
          continue;
        }
        String text = CodeSettings.text(dockerfile);
        Matcher copy =
            Pattern.compile("(?m)^COPY (" + Pattern.quote(module) + "/target/\\S+\\.jar) (\\S+)$")
                .matcher(text);
        if (!copy.find()) {
          problems.add(dockerfile.getFileName() + ": copies no jar of " + module + "/target");
          continue;
        }
        if (!script.contains("$ROOT/" + copy.group(1) + "\"")) {
          problems.add(
              dockerfile.getFileName()
                  + ": copies "
                  + copy.group(1)
                  + ", which is not the jar ./tracklayer runs");
        }
        if (m.kind().equals("FlinkDeployment")) {
          String jar = m.doc().path("spec").path("job").path("jarURI").asText();
          if (!jar.equals("local://" + copy.group(2))) {
            problems.add(
                m
                    + ": jarURI "
                    + jar
                    + ", but "
                    + dockerfile.getFileName()
                    + " puts the jar at "
                    + copy.group(2));
          }
        } else {
          Set<String> exposed = new TreeSet<>();
          Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(text);
          while (expose.find()) {
            exposed.addAll(List.of(expose.group(1).trim().split("\\s+")));
          }
          Set<String> ports = new TreeSet<>();
          containers(m)
              .forEach(
                  c -> c.path("ports").forEach(p -> ports.add(p.path("containerPort").asText())));
          if (!exposed.equals(ports)) {
            problems.add(
                m
                    + ": container ports "
                    + ports
                    + " but "
                    + dockerfile.getFileName()
                    + " exposes "
                    + exposed);
          }
        }
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------ flink

  List<String> flink() {
    List<String> problems = new ArrayList<>();
    for (Manifest f : of("FlinkDeployment")) {
      JsonNode spec = f.doc().path("spec");
      JsonNode job = spec.path("job");
      String entryClass = job.path("entryClass").asText();
      List<String> entry = entryPoint(f, entryClass);
      problems.addAll(entry);
      JsonNode conf = spec.path("flinkConfiguration");
      boolean stateful = !job.path("upgradeMode").asText().equals("stateless");
      if (!stateful || !entry.isEmpty()) {
        continue;
      }
      expect(f, conf, "state.backend.type", "rocksdb", problems);
      expect(f, conf, "execution.checkpointing.incremental", "true", problems);
      expect(f, conf, "high-availability.type", "kubernetes", problems);
      expect(f, job, "upgradeMode", "savepoint", problems);
      if (job.path("allowNonRestoredState").asBoolean(false)) {
        problems.add(
            f + ": allowNonRestoredState would let an upgrade drop operator state silently");
      }
      for (String key :
          List.of(
              "execution.checkpointing.savepoint-dir",
              "high-availability.storageDir",
              "execution.checkpointing.dir")) {
        if (!conf.path(key).asText().startsWith("s3://")) {
          problems.add(
              f + ": " + key + " is not on object storage (s3://…): " + conf.path(key).asText());
        }
      }
      Object settings = jobSettings(f).apply(environment(f));
      String jobDir;
      try {
        jobDir = (String) settings.getClass().getMethod("checkpointDir").invoke(settings);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (!conf.path("execution.checkpointing.dir").asText().equals(jobDir)) {
        problems.add(
            f
                + ": execution.checkpointing.dir "
                + conf.path("execution.checkpointing.dir").asText()
                + " but the job checkpoints to "
                + jobDir
                + " (TRACKLAYER_FLINK_CHECKPOINT_DIR)");
      }
    }
    return problems;
  }

  private static List<String> entryPoint(Manifest f, String entryClass) {
    try {
      Method main = Class.forName(entryClass).getMethod("main", String[].class);
      if (!Modifier.isStatic(main.getModifiers())) {
        return List.of(f + ": " + entryClass + ".main is not static");
      }
      return List.of();
    } catch (ClassNotFoundException e) {
      return List.of(f + ": entry class " + entryClass + " does not exist");
    } catch (NoSuchMethodException e) {
      return List.of(f + ": " + entryClass + " has no main(String[])");
    }
  }

  private static void expect(
      Manifest f, JsonNode node, String key, String value, List<String> problems) {
    if (!Objects.equals(node.path(key).asText(null), value)) {
      problems.add(f + ": " + key + " is " + node.path(key).asText("unset") + ", not " + value);
    }
  }
}
