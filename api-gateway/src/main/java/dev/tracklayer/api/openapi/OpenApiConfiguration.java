package dev.tracklayer.api.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracklayer.api.auth.Caller;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
  static {
    // Caller is resolved from the token, not sent by clients.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  OpenAPI trackLayerOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("TrackLayer API")
                .version("v1")
                .description(
                    "Dashboard operations: account, API keys, platforms, routing rules, events."
                        + " Errors are {\"error\":{\"code\",\"message\",\"details\"}}."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }

  /** Schemas with the names clients see: the application's snake_case mapper, not swagger's. */
  @Bean
  ModelResolver modelResolver(ObjectMapper objectMapper) {
    return new ModelResolver(objectMapper);
  }
}
