package dev.tracklayer.ingest.pixel;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A merchant's storefront on its own origin (another port than the gateway), serving pages with the
 * pixel's install snippet. {@code /shop?merchant=…} installs it plainly; {@code &consent=0} makes
 * the page withhold consent before the pixel loads.
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
          String query = exchange.getRequestURI().getRawQuery();
          String merchant = param(query, "merchant");
          boolean withheld = "0".equals(param(query, "consent"));
          String html = page(pixelUrl, merchant, withheld);
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
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }

  /** The install snippet of docs/ingest.md, as a merchant pastes it. */
  static String page(String pixelUrl, String merchant, boolean withheld) {
    if (merchant == null) {
      return "<!doctype html><title>blank</title><p>blank</p>";
    }
    return "<!doctype html><html><head><title>Shop</title><script>"
        + (withheld ? "window.tracklayerConsent = false;" : "")
        + "!function(w,d,u){w.tracklayer=w.tracklayer||function(){(w.tracklayer.q=w.tracklayer.q||[])"
        + ".push(arguments)};var s=d.createElement('script');s.async=1;s.src=u;"
        + "d.head.appendChild(s)}(window,document,'"
        + pixelUrl
        + "');\n"
        + "tracklayer('init','"
        + merchant
        + "');\n"
        + "</script></head><body><h1>Shop</h1></body></html>";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
