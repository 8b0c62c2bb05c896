package dev.tracklayer.core.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection's decrypted credential fields (docs/contracts.md lists them per platform). All
 * values are strings; blank values count as absent. {@link #toString()} never prints a value.
 */
public final class Credentials implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, String> values;

  private Credentials(Map<String, String> values) {
    this.values = values;
  }

  public static Credentials of(Map<String, String> values) {
    Map<String, String> copy = new LinkedHashMap<>();
    Objects.requireNonNull(values, "values")
        .forEach(
            (k, v) -> {
              if (k != null && v != null && !v.isBlank()) {
                copy.put(k, v.strip());
              }
            });
    return new Credentials(Collections.unmodifiableMap(copy));
  }

  /** Convenience for tests: {@code of("pixel_id", "1", "access_token", "t")}. */
  public static Credentials of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must pair up");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return of(map);
  }

  /**
   * Parses the plaintext of {@code CredentialCipher.decrypt}: a JSON object of strings. Non-string
   * scalars are kept as their text; nested objects are rejected.
   */
  public static Credentials fromJson(String json) {
    JsonNode node;
    try {
      node = Json.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException("credentials are not a JSON object");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("credentials are not a JSON object");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isContainerNode()) {
        throw new IllegalArgumentException("credential " + e.getKey() + " must be a string");
      }
      if (!e.getValue().isNull()) {
        map.put(e.getKey(), e.getValue().asText());
      }
    }
    return of(map);
  }

  /** The field's value; throws {@link MissingCredentialException} when it is absent or blank. */
  public String require(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new MissingCredentialException(name);
    }
    return v;
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The names of {@code required} that are absent, in order; empty when all are present. */
  public List<String> missing(List<String> required) {
    List<String> out = new ArrayList<>();
    for (String r : required) {
      if (!values.containsKey(r)) {
        out.add(r);
      }
    }
    return out;
  }

  public Map<String, String> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Field names only: the values are secrets. */
  @Override
  public String toString() {
    return "Credentials" + values.keySet();
  }
}
