package dev.tracklayer.core.destinations;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a destination, fully built: the adapters produce it, {@code
 * DeliveryHttpClient} sends it. Kept as plain data so a request can be logged (without its secrets,
 * see {@link #toString()}), asserted on in tests, and carried through Flink.
 *
 * @param method HTTP method, upper case
 * @param url absolute URL including the query string
 * @param headers header names as the platform documents them; insertion order is kept
 * @param body the request body, or {@code null} for none
 */
public record DeliveryRequest(String method, String url, Map<String, String> headers, String body)
    implements Serializable {

  public DeliveryRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers =
        headers == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers)));
  }

  public static DeliveryRequest post(String url, Map<String, String> headers, String body) {
    return new DeliveryRequest("POST", url, headers, body);
  }

  /** Case-insensitive header lookup; null when absent. */
  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * Method and URL without its query (query strings carry access tokens and API secrets); never the
   * headers or body, which carry credentials and personal data.
   */
  @Override
  public String toString() {
    int q = url.indexOf('?');
    return "DeliveryRequest{" + method + " " + (q < 0 ? url : url.substring(0, q)) + "}";
  }
}
