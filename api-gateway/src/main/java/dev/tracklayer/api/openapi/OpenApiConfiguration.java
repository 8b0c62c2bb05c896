package dev.tracklayer.api.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracklayer.api.auth.AllowSuspended;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.errors.ErrorBody;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;

/**
 * The OpenAPI document at /v3/api-docs. Summaries, tags and the errors particular to an operation
 * are annotations on the handlers; the errors every operation shares (401, 403) and the error body
 * of every 4xx/5xx are added here.
 */
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

  /** 401 and 403 on every operation that needs a caller; the error shape on every error. */
  @Bean
  OperationCustomizer commonErrorResponses() {
    return (operation, handler) -> {
      for (MethodParameter parameter : handler.getMethodParameters()) {
        if (parameter.getParameterType() == Caller.class) {
          addIfAbsent(operation, "401", "unauthorized: missing, invalid or expired token");
          if (!parameter.hasParameterAnnotation(AllowSuspended.class)) {
            addIfAbsent(operation, "403", "merchant_suspended: the merchant is not active");
          }
        }
      }
      if (operation.getResponses() != null) {
        operation
            .getResponses()
            .forEach(
                (code, response) -> {
                  if (code.startsWith("4") || code.startsWith("5")) {
                    response.setContent(errorContent());
                  }
                });
      }
      return operation;
    };
  }

  /** The schema that {@link #commonErrorResponses()} refers to. */
  @Bean
  OpenApiCustomizer errorBodySchema() {
    return openApi -> {
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      ModelConverters.getInstance()
          .readAll(new AnnotatedType(ErrorBody.class))
          .forEach(openApi.getComponents()::addSchemas);
    };
  }

  private static void addIfAbsent(Operation operation, String code, String description) {
    if (operation.getResponses() == null) {
      operation.setResponses(new ApiResponses());
    }
    if (!operation.getResponses().containsKey(code)) {
      operation.getResponses().addApiResponse(code, new ApiResponse().description(description));
    }
  }

  private static Content errorContent() {
    return new Content()
        .addMediaType(
            org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
            new MediaType()
                .schema(
                    new Schema<>()
                        .$ref("#/components/schemas/" + ErrorBody.class.getSimpleName())));
  }

  /** Schemas with the names clients see: the application's snake_case mapper, not swagger's. */
  @Bean
  ModelResolver modelResolver(ObjectMapper objectMapper) {
    return new ModelResolver(objectMapper);
  }
}
