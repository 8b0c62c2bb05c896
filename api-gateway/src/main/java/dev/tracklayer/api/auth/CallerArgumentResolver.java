package dev.tracklayer.api.auth;

import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.web.Blocking;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives handlers a {@link Caller} parameter built from the verified token, and refuses merchants
 * that are not active: every {@code /v1} handler takes a Caller, so this is the one place the check
 * needs to be. A parameter marked {@link AllowSuspended} is exempt.
 */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {
  private final MerchantDirectory merchants;

  public CallerArgumentResolver(MerchantDirectory merchants) {
    this.merchants = merchants;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Caller.class.equals(parameter.getParameterType());
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext context, ServerWebExchange exchange) {
    return exchange
        .getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .cast(JwtAuthenticationToken.class)
        .switchIfEmpty(
            Mono.error(
                new ApiException(
                    HttpStatus.UNAUTHORIZED, "unauthorized", "a valid bearer token is required")))
        .flatMap(
            token -> {
              String sub = token.getToken().getSubject();
              return merchants
                  .cached(sub)
                  .map(Mono::just)
                  .orElseGet(
                      () ->
                          Blocking.call(
                              () ->
                                  merchants.resolve(
                                      sub, token.getToken().getClaimAsString("email"))));
            })
        .map(caller -> admit(caller, parameter))
        .cast(Object.class);
  }

  private static Caller admit(Caller caller, MethodParameter parameter) {
    if (!caller.merchantActive() && !parameter.hasParameterAnnotation(AllowSuspended.class)) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "merchant_suspended",
          "this account is suspended; GET /v1/account shows its status");
    }
    return caller;
  }
}
