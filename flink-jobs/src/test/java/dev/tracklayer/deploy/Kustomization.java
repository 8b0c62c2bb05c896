package dev.tracklayer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code kubectl kustomize} makes of a folder of deploy/kubernetes, for the features those
 * folders use: resources (files and folders), patches by kind and name (maps merged; lists of named
 * items merged by name in built-in kinds, replaced in custom resources, as kustomize's strategic
 * and JSON merge patches do), namespace, and a secret generator from an env file. The env file
 * itself is not in git: the keys come from its {@code .example}.
 */
final class Kustomization {
  static final YAMLMapper YAML = new YAMLMapper();

  /** A manifest and the file it came from. */
  record Manifest(Path file, ObjectNode doc) {
    String kind() {
      return doc.path("kind").asText();
    }

    String name() {
      return doc.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
      return kind() + " " + name() + " (" + file.getFileName() + ")";
    }
  }

  private Kustomization() {}

  /** Every YAML document of a file; blank documents are skipped. */
  static List<ObjectNode> read(Path file) {
    try {
      List<ObjectNode> docs = new ArrayList<>();
      for (Iterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile());
          it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc instanceof ObjectNode object) {
          docs.add(object);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  static ObjectNode kustomization(Path dir) {
    return read(dir.resolve("kustomization.yaml")).get(0);
  }

  /** The patch files a kustomization names. */
  static List<Path> patchFiles(Path dir) {
    List<Path> files = new ArrayList<>();
    kustomization(dir).path("patches").forEach(p -> files.add(dir.resolve(p.get("path").asText())));
    return files;
  }

  /** The manifests {@code dir}'s kustomization renders to. */
  static List<Manifest> render(Path dir) {
    ObjectNode k = kustomization(dir);
    List<Manifest> out = new ArrayList<>();
    for (JsonNode resource : k.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      if (Files.isDirectory(path)) {
        out.addAll(render(path));
      } else {
        for (ObjectNode doc : read(path)) {
          out.add(new Manifest(path, doc));
        }
      }
    }
    for (JsonNode generator : k.path("secretGenerator")) {
      out.add(new Manifest(dir.resolve("kustomization.yaml"), secret(dir, generator)));
    }
    for (Path patchFile : patchFiles(dir)) {
      for (ObjectNode patch : read(patchFile)) {
        Manifest target =
            find(out, patch.path("kind").asText(), patch.path("metadata").path("name").asText())
                .orElseThrow(
                    () ->
                        new AssertionError(
                            patchFile
                                + ": patches "
                                + patch.path("kind").asText()
                                + " "
                                + patch.path("metadata").path("name").asText()
                                + ", which the base does not have"));
        merge(target.doc(), patch, !target.doc().path("apiVersion").asText().contains("."));
      }
    }
    if (k.has("namespace")) {
      for (Manifest m : out) {
        ((ObjectNode) m.doc().get("metadata")).put("namespace", k.get("namespace").asText());
      }
    }
    return out;
  }

  static Optional<Manifest> find(List<Manifest> manifests, String kind, String name) {
    return manifests.stream()
        .filter(m -> m.kind().equals(kind) && m.name().equals(name))
        .findFirst();
  }

  private static ObjectNode secret(Path dir, JsonNode generator) {
    ObjectNode secret = YAML.createObjectNode();
    secret.put("apiVersion", "v1").put("kind", "Secret");
    secret.putObject("metadata").put("name", generator.get("name").asText());
    ObjectNode data = secret.putObject("stringData");
    for (JsonNode env : generator.path("envs")) {
      Path example = dir.resolve(env.asText() + ".example");
      Properties keys = new Properties();
      try (var in = Files.newBufferedReader(example)) {
        keys.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(example + " (lists the generated secret's keys)", e);
      }
      keys.stringPropertyNames().forEach(key -> data.put(key, "(from " + env.asText() + ")"));
    }
    return secret;
  }

  /**
   * Merges {@code patch} into {@code target}: maps key by key; in built-in kinds, lists whose items
   * all have a name merge item by item (containers, env, ports); other lists are replaced.
   */
  static void merge(ObjectNode target, JsonNode patch, boolean builtIn) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode existing = target.get(field.getKey());
      JsonNode value = field.getValue();
      if (existing instanceof ObjectNode object && value.isObject()) {
        merge(object, value, builtIn);
      } else if (builtIn && existing instanceof ArrayNode list && named(list) && named(value)) {
        for (JsonNode item : value) {
          ObjectNode same = null;
          for (JsonNode old : list) {
            if (old.get("name").equals(item.get("name"))) {
              same = (ObjectNode) old;
            }
          }
          if (same == null) {
            list.add(item.deepCopy());
          } else {
            merge(same, item, true);
          }
        }
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }

  private static boolean named(JsonNode list) {
    if (!list.isArray() || list.isEmpty()) {
      return false;
    }
    for (JsonNode item : list) {
      if (!item.isObject() || !item.has("name")) {
        return false;
      }
    }
    return true;
  }
}
