package dev.tracklayer.core.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One change to a valid body: the value at a JSON path (an existing one, or a new key in an
 * existing object) becomes a raw, possibly hostile, JSON token. A path of {@code []} replaces the
 * whole body.
 */
public record JsonMutation(List<Object> path, String rawValue) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Every path of {@code template} (each object's new keys included) mutated with {@code values}.
   */
  public static Arbitrary<JsonMutation> of(JsonNode template, Arbitrary<String> values) {
    List<List<Object>> paths = paths(template);
    return Combinators.combine(Arbitraries.of(paths), values).as(JsonMutation::new);
  }

  /** Mutations of the given paths only (each a list of keys and indexes). */
  public static Arbitrary<JsonMutation> at(List<List<Object>> paths, Arbitrary<String> values) {
    return Combinators.combine(Arbitraries.of(paths), values).as(JsonMutation::new);
  }

  /** Up to {@code max} mutations of {@code template}, applied in order. */
  public static Arbitrary<List<JsonMutation>> several(
      JsonNode template, Arbitrary<String> values, int max) {
    return of(template, values).list().ofMinSize(1).ofMaxSize(max);
  }

  /** The body text: {@code template} with every mutation applied. */
  public static String apply(JsonNode template, List<JsonMutation> mutations) {
    JsonNode root = template.deepCopy();
    List<String[]> raws = new ArrayList<>();
    for (JsonMutation m : mutations) {
      String marker = "fuzz-marker-" + UUID.randomUUID();
      raws.add(new String[] {marker, m.rawValue()});
      if (m.path().isEmpty()) {
        root = JsonNodeFactory.instance.textNode(marker);
      } else {
        root = set(root, m.path(), marker);
      }
    }
    String text;
    try {
      text = MAPPER.writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    for (String[] r : raws) {
      text = text.replace("\"" + r[0] + "\"", r[1]);
    }
    return text;
  }

  /** Sets {@code path} to a text node, making room where a parent is no longer a container. */
  private static JsonNode set(JsonNode root, List<Object> path, String text) {
    JsonNode parent = root;
    for (int i = 0; i < path.size() - 1; i++) {
      JsonNode next = child(parent, path.get(i));
      if (next == null || !next.isContainerNode()) {
        return root; // an earlier mutation replaced this branch: nothing to set
      }
      parent = next;
    }
    Object last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o && last instanceof String key) {
      o.put(key, text);
    } else if (parent instanceof ArrayNode a && last instanceof Integer index) {
      if (index < a.size()) {
        a.set(index, JsonNodeFactory.instance.textNode(text));
      } else {
        a.add(text);
      }
    }
    return root;
  }

  private static JsonNode child(JsonNode parent, Object step) {
    if (step instanceof String key) {
      return parent.get(key);
    }
    return parent.get((Integer) step);
  }

  /** The root, every value's path, and a new key in each object and a new element per array. */
  static List<List<Object>> paths(JsonNode template) {
    List<List<Object>> out = new ArrayList<>();
    out.add(List.of());
    collect(template, new ArrayList<>(), out);
    return out;
  }

  private static void collect(JsonNode node, List<Object> prefix, List<List<Object>> out) {
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                List<Object> p = append(prefix, name);
                out.add(p);
                collect(node.get(name), p, out);
              });
      out.add(append(prefix, "fuzz_extra"));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Object> p = append(prefix, i);
        out.add(p);
        collect(node.get(i), p, out);
      }
      out.add(append(prefix, node.size()));
    }
  }

  private static List<Object> append(List<Object> prefix, Object step) {
    List<Object> p = new ArrayList<>(prefix);
    p.add(step);
    return List.copyOf(p);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("$");
    for (Object step : path) {
      sb.append(step instanceof Integer ? "[" + step + "]" : "." + step);
    }
    return sb + " := " + Shown.text(rawValue);
  }
}
