package dev.tracklayer.api.auth;

import dev.tracklayer.api.dashboard.DashboardRoutes;
import dev.tracklayer.api.errors.ErrorResponses;
import java.util.List;
import org.springframework.boot.actuate.autoconfigure.security.reactive.EndpointRequest;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Stateless bearer-token security: every request but the probes, the OpenAPI document, the plan
 * catalog, Stripe's webhook, the dashboard's static files and the management port's (loopback by
 * default) carries a JWT; no sessions, no cookies, so no CSRF.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  @Bean
  ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
    return TokenDecoders.create(properties);
  }

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http,
      ReactiveJwtDecoder decoder,
      JsonSecurityErrors errors,
      Environment environment) {
    // On the public port, toAnyEndpoint() below would let health details and metrics out.
    if (ManagementPortType.get(environment) == ManagementPortType.SAME) {
      throw new IllegalStateException(
          "management.server.port (TRACKLAYER_API_MANAGEMENT_PORT) must differ from server.port");
    }
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .cors(cors -> {})
        .authorizeExchange(
            auth ->
                auth.matchers(
                        // /livez and /readyz on this port (status only)
                        EndpointRequest.toAdditionalPaths(
                            WebServerNamespace.SERVER, HealthEndpoint.class),
                        // every endpoint, on the management port only (a port of its own, so
                        // these do not match on this one: /actuator/** here is an unknown path)
                        EndpointRequest.toAnyEndpoint())
                    .permitAll()
                    .pathMatchers("/v3/api-docs", "/v3/api-docs/**")
                    .permitAll()
                    // the plan catalog is public; Stripe signs its webhooks instead of a token
                    .pathMatchers(HttpMethod.GET, "/v1/billing/plans")
                    .permitAll()
                    .pathMatchers(HttpMethod.POST, "/v1/billing/webhook")
                    .permitAll()
                    .pathMatchers(HttpMethod.OPTIONS, "/**")
                    .permitAll()
                    // the dashboard's pages and bundles: the app holds no data of its own
                    .pathMatchers(
                        HttpMethod.GET, DashboardRoutes.PUBLIC_PATHS.toArray(String[]::new))
                    .permitAll()
                    .pathMatchers(
                        HttpMethod.HEAD, DashboardRoutes.PUBLIC_PATHS.toArray(String[]::new))
                    .permitAll()
                    .anyExchange()
                    .authenticated())
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .jwt(jwt -> jwt.jwtDecoder(decoder))
                    .authenticationEntryPoint(errors)
                    .accessDeniedHandler(errors))
        .exceptionHandling(ex -> ex.authenticationEntryPoint(errors).accessDeniedHandler(errors))
        .build();
  }

  /**
   * The dashboard is served from its own origin and authenticates with a header, not a cookie, so
   * allowing the configured origins (every origin by default) exposes nothing a token does not
   * already grant.
   */
  @Bean
  CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOriginPatterns(properties.allowedOrigins());
    cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE", "OPTIONS"));
    cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
    // a 503 says when to come back; the dashboard's fetch can read it only if exposed
    cors.setExposedHeaders(List.of("Retry-After"));
    cors.setMaxAge(3600L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/v1/**", cors);
    return source;
  }

  /**
   * Event ids are client-chosen and travel URL-encoded in paths ({@code /v1/events/:id}), so they
   * may hold encoded slashes, percents, dots, backslashes and semicolons. No authorization here
   * depends on path normalization (every /v1 path needs a token), so allowing them is safe.
   */
  @Bean
  ServerWebExchangeFirewall serverWebExchangeFirewall() {
    StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
    firewall.setAllowUrlEncodedSlash(true);
    firewall.setAllowUrlEncodedPercent(true);
    firewall.setAllowUrlEncodedPeriod(true);
    firewall.setAllowUrlEncodedDoubleSlash(true);
    firewall.setAllowBackSlash(true);
    firewall.setAllowSemicolon(true);
    return firewall;
  }

  /** What the firewall still refuses gets the API's error shape, not an empty 400. */
  @Bean
  ServerExchangeRejectedHandler serverExchangeRejectedHandler(ErrorResponses responses) {
    return (exchange, rejected) ->
        responses.write(
            exchange.getResponse(),
            HttpStatus.BAD_REQUEST,
            "rejected_request",
            "the request URL is not acceptable",
            List.of());
  }

  @Bean
  WebFluxConfigurer callerResolverConfigurer(MerchantDirectory merchants) {
    return new WebFluxConfigurer() {
      @Override
      public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new CallerArgumentResolver(merchants));
      }
    };
  }
}
