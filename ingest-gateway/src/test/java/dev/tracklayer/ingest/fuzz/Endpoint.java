package dev.tracklayer.ingest.fuzz;

import java.util.ArrayList;
import java.util.List;

/** The gateway's public endpoints, each with the headers a well-behaved client sends. */
enum Endpoint {
  SERVER("POST", "/v1/events", "application/json"),
  BROWSER_JSON("POST", "/v1/browser/events", "application/json"),
  BROWSER_TEXT("POST", "/v1/browser/events", "text/plain;charset=UTF-8"),
  PIXEL("GET", "/v1/pixel.js", null),
  UNKNOWN("POST", "/v1/unknown", "application/json");

  static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";

  final String method;
  final String path;
  final String contentType;

  Endpoint(String method, String path, String contentType) {
    this.method = method;
    this.path = path;
    this.contentType = contentType;
  }

  boolean isBrowser() {
    return this == BROWSER_JSON || this == BROWSER_TEXT;
  }

  boolean takesEvents() {
    return this == SERVER || isBrowser();
  }

  /** Host, Content-Type, Content-Length, the API key or a client address of its own, a browser. */
  List<String[]> headers(FuzzedGateway gateway, int bodyLength) {
    List<String[]> h = new ArrayList<>();
    h.add(new String[] {"Host", "127.0.0.1:" + gateway.port});
    h.add(new String[] {"User-Agent", CHROME});
    if (this == SERVER) {
      h.add(new String[] {"Authorization", "Bearer " + gateway.key.secret()});
    }
    if (isBrowser()) {
      h.add(new String[] {"X-Forwarded-For", FuzzBodies.nextClientIp()});
    }
    if (contentType != null) {
      h.add(new String[] {"Content-Type", contentType});
      h.add(new String[] {"Content-Length", String.valueOf(bodyLength)});
    }
    return h;
  }
}
