package dev.tracklayer.core.destinations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a destination answered.
 *
 * @param status HTTP status code
 * @param headers header names in lower case; a repeated header's values joined with {@code ", "}
 * @param body the body as text, empty when there was none
 */
public record DeliveryResponse(int status, Map<String, String> headers, String body) {

  public DeliveryResponse {
    Map<String, String> lower = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    }
    headers = Collections.unmodifiableMap(lower);
    body = body == null ? "" : body;
  }

  public static DeliveryResponse of(int status, String body) {
    return new DeliveryResponse(status, Map.of(), body);
  }

  public static DeliveryResponse of(int status, Map<String, String> headers, String body) {
    return new DeliveryResponse(status, headers, body);
  }

  /** The header's value, or null; {@code name} in any case. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
