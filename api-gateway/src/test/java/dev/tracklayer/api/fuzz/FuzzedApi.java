package dev.tracklayer.api.fuzz;

import dev.tracklayer.api.ApiGatewayApplication;
import dev.tracklayer.api.support.ApiTestProperties;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.core.testing.fuzz.Answers;
import dev.tracklayer.core.testing.fuzz.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The API the fuzz properties run against, started once per JVM by hand (jqwik properties get no
 * Spring test extension) with ApiIntegrationTest's servers and settings.
 */
final class FuzzedApi {
  private static FuzzedApi instance;

  final ConfigurableApplicationContext context;
  final int port;
  final LogWatch logs;

  private FuzzedApi() {
    Map<String, String> properties = ApiTestProperties.of();
    properties.put("server.port", "0");
    // Closed by Spring's shutdown hook at JVM exit: a graceful shutdown would wait up to 30 s for
    // whatever request a hostile case left open, and Surefire kills a fork that slow to exit.
    properties.put("server.shutdown", "immediate");
    // As command-line arguments: they outrank application.yml, as @DynamicPropertySource does.
    context =
        new SpringApplicationBuilder(ApiGatewayApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(p -> "--" + p.getKey() + "=" + p.getValue())
                    .toArray(String[]::new));
    port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
    logs = LogWatch.attach();
  }

  static synchronized FuzzedApi get() {
    if (instance == null) {
      instance = new FuzzedApi();
    }
    return instance;
  }

  /** A request as a well-behaved client sends it: Host, the bearer token, a JSON body if any. */
  byte[] request(String method, String target, String token, byte[] body) {
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"Host", "127.0.0.1:" + port});
    if (token != null) {
      headers.add(new String[] {"Authorization", "Bearer " + token});
    }
    if (body != null) {
      headers.add(new String[] {"Content-Type", "application/json"});
      headers.add(new String[] {"Content-Length", String.valueOf(body.length)});
    }
    return RawHttp.request(method, target, headers, body);
  }

  /** A new user's token: the first call provisions a merchant of its own. */
  static String newUser() {
    return Tokens.valid(Tokens.newSub());
  }

  /** Sends {@code request} and checks what every answer must be; returns the answer. */
  RawHttp.Response exchange(byte[] request, boolean head, boolean checkClosed) {
    return Answers.exchange(port, request, head, checkClosed, logs::drain);
  }
}
