package dev.tracklayer.api.auth;

import dev.tracklayer.api.errors.ErrorResponses;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 in the API's error shape. The reason a token was refused goes to the debug log only:
 * telling a caller which check failed helps an attacker more than a user.
 */
@Component
public class JsonSecurityErrors
    implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {
  private static final Logger LOG = LoggerFactory.getLogger(JsonSecurityErrors.class);

  private final ErrorResponses responses;

  public JsonSecurityErrors(ErrorResponses responses) {
    this.responses = responses;
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
    boolean presented =
        exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null;
    LOG.debug("refused a request to {}: {}", exchange.getRequest().getPath(), ex.getMessage());
    exchange
        .getResponse()
        .getHeaders()
        .set(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
    return responses.write(
        exchange.getResponse(),
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        presented ? "the bearer token is invalid or expired" : "a bearer token is required",
        List.of());
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return responses.write(
        exchange.getResponse(),
        HttpStatus.FORBIDDEN,
        "forbidden",
        "this token may not do that",
        List.of());
  }
}
