package dev.tracklayer.ingest.pixel;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A merchant's storefront on its own origin (another port than the gateway), serving pages with the
 * pixel's install snippet. {@code /shop?merchant=…} installs it plainly. Before the pixel loads,
 * {@code &consent=0} makes the page withhold consent; {@code &fetch=0} removes {@code window.fetch}
 * (as in a browser without it) and counts {@code navigator.sendBeacon} calls in {@code
 * window.beacons}; {@code &uuid=0} removes {@code crypto.randomUUID}; {@code &fast=1} runs the
 * page's timers 100 times faster (the pixel's retry backoff of 2, 4, 8, 16 s takes 0.3 s). {@code
 * &endpoint=…} (URL-encoded) is passed to {@code init}.
 */
final class Storefront implements AutoCloseable {
  private final HttpServer server;

  Storefront(String pixelUrl) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String html = page(pixelUrl, exchange.getRequestURI().getRawQuery());
          byte[] body = html.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(
              exchange.getRequestURI().getPath().equals("/blank") ? 200 : 200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  private static String param(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The install snippet of docs/ingest.md, as a merchant pastes it. */
  static String page(String pixelUrl, String query) {
    String merchant = param(query, "merchant");
    if (merchant == null) {
      return "<!doctype html><title>blank</title><p>blank</p>";
    }
    StringBuilder before = new StringBuilder();
    if ("0".equals(param(query, "consent"))) {
      before.append("window.tracklayerConsent = false;\n");
    }
    if ("0".equals(param(query, "fetch"))) {
      before.append(
          "window.fetch = undefined; window.beacons = 0;\n"
              + "var beacon = navigator.sendBeacon.bind(navigator);\n"
              + "navigator.sendBeacon = function (u, d) { window.beacons++; return beacon(u, d); };\n");
    }
    if ("0".equals(param(query, "uuid"))) {
      // As on a plain-http storefront, where browsers offer no crypto.randomUUID.
      before.append("delete Crypto.prototype.randomUUID;\n");
    }
    if ("1".equals(param(query, "fast"))) {
      before.append(
          "var timeout = window.setTimeout;\n"
              + "window.setTimeout = function (f, ms) { return timeout(f, (ms || 0) / 100); };\n");
    }
    String endpoint = param(query, "endpoint");
    String options = endpoint == null ? "" : ",{endpoint:'" + endpoint + "'}";
    return "<!doctype html><html><head><title>Shop</title><script>"
        + before
        + "!function(w,d,u){w.tracklayer=w.tracklayer||function(){(w.tracklayer.q=w.tracklayer.q||[])"
        + ".push(arguments)};var s=d.createElement('script');s.async=1;s.src=u;"
        + "d.head.appendChild(s)}(window,document,'"
        + pixelUrl
        + "');\n"
        + "tracklayer('init','"
        + merchant
        + "'"
        + options
        + ");\n"
        + "</script></head><body><h1>Shop</h1></body></html>";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
