package dev.tracklayer.api.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves the dashboard (dashboard/, built into {@code static/} of this jar by the Maven build): the
 * page paths answer index.html, {@code /assets/**} the hashed bundles. The page list is fixed, so
 * every other path keeps the API's answers (401 without a token, JSON 404 with one).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DashboardProperties.class)
public class DashboardRoutes {

  /** The app's pages (dashboard/src/pages/registry.ts) and its sign-in page. */
  public static final List<String> PAGES =
      List.of(
          "/",
          "/signin",
          "/delivery",
          "/quality",
          "/funnel",
          "/attribution",
          "/events",
          "/live",
          "/platforms",
          "/rules",
          "/api-keys",
          "/account",
          "/billing",
          "/assistant");

  /** Public paths: the pages, their bundles and the icon. The app itself holds no data. */
  public static final List<String> PUBLIC_PATHS =
      concat(PAGES, List.of("/assets/**", "/favicon.svg"));

  /**
   * The app talks to this origin only; scripts and styles are its own files (Vite emits no inline
   * script), so a stray injected script cannot run or send data elsewhere.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action"
          + " 'self'";

  private static final String INGEST_URL_PLACEHOLDER = "%TRACKLAYER_INGEST_URL%";

  @Bean
  RouterFunction<ServerResponse> dashboardPages(DashboardProperties properties) {
    Optional<String> index = readIndex(properties);
    return RouterFunctions.route(
        // HEAD too: link checkers and uptime probes send it (the server leaves out the body)
        RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD)
            .and(request -> PAGES.contains(request.path()))
            .and(request -> index.isPresent()),
        request ->
            ServerResponse.ok()
                .contentType(MediaType.TEXT_HTML)
                // always revalidated: a new build's index points at new bundle names
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .bodyValue(index.orElseThrow()));
  }

  @Bean
  WebFluxConfigurer dashboardAssets() {
    return new WebFluxConfigurer() {
      @Override
      public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // content-hashed names: a year, immutable
        registry
            .addResourceHandler("/assets/**")
            .addResourceLocations("classpath:/static/assets/")
            .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
        registry
            .addResourceHandler("/favicon.svg")
            .addResourceLocations("classpath:/static/")
            .setCacheControl(CacheControl.maxAge(Duration.ofDays(1)));
      }
    };
  }

  /** Empty when the jar was built without the dashboard ({@code -Ddashboard.skip}). */
  static Optional<String> readIndex(DashboardProperties properties) {
    ClassPathResource resource = new ClassPathResource("static/index.html");
    if (!resource.exists()) {
      return Optional.empty();
    }
    try (InputStream in = resource.getInputStream()) {
      String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Optional.of(
          html.replace(INGEST_URL_PLACEHOLDER, HtmlUtils.htmlEscape(properties.ingestUrl())));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the dashboard's index.html", e);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
