// A webhook receiver for benchmarks (tools/bench/rollup-lag): answers every POST 200 with a small
// JSON body after reading it, on the JDK's HTTP server with a few threads. It does not check the
// signature: it stands for a merchant's fast endpoint, not for a platform's API.
//
//   java tools/bench/WebhookReceiver.java PORT

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

public class WebhookReceiver {
  public static void main(String[] args) throws Exception {
    byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 512);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }
}
