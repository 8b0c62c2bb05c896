package dev.tracklayer.ingest.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tracklayer.core.event.PipelineField;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.ingest.errors.ErrorCodes;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the ingestion endpoints at {@code /v3/api-docs}. The two event POSTs are
 * served by Reactor Netty directly (EventRoutes), where springdoc cannot see them, so their
 * operations are written here; the request schema is read from {@link TrackEvent} itself (its
 * Jackson names, without the fields the gateway adds), so it cannot drift from what is parsed.
 */
@Configuration(proxyBeanMethods = false)
public class IngestOpenApi {
  static final String EVENT = "TrackEvent";
  static final String ERROR = "ErrorBody";
  static final String ACCEPTED = "Accepted";

  @Bean
  OpenAPI ingestionDocument() {
    return new OpenAPI()
        .info(
            new Info()
                .title("TrackLayer ingestion")
                .version("v1")
                .description(
                    "Events from merchants' servers (API key) and browsers (the pixel). A 202 means"
                        + " the event is durably in Kafka. Errors are"
                        + " {\"error\":{\"code\",\"message\",\"details\"}}."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("An ingest API key, tl_live_…")));
  }

  /** The schemas and the three paths; runs after springdoc has scanned what WebFlux serves. */
  @Bean
  OpenApiCustomizer ingestPaths() {
    return openApi -> {
      Components components = openApi.getComponents();
      ResolvedSchema event =
          ModelConverters.getInstance()
              .resolveAsResolvedSchema(new AnnotatedType(TrackEvent.class).resolveAsRef(false));
      Schema<?> request = event.schema;
      for (String added : pipelineFields()) {
        request.getProperties().remove(added);
      }
      request.setRequired(List.of("event_name", "event_time"));
      request.setDescription(
          "An event. event_id is generated when absent; merchant_id is required on the browser"
              + " endpoint and must match the key's merchant on the server endpoint.");
      components.addSchemas(EVENT, request);
      event.referencedSchemas.forEach(
          (name, schema) -> {
            if (!name.equals(EVENT)) {
              components.addSchemas(name, schema);
            }
          });
      components.addSchemas(ERROR, errorSchema());
      components.addSchemas(
          ACCEPTED,
          new ObjectSchema()
              .addProperty("success", new BooleanSchema()._default(true))
              .addProperty("event_id", new StringSchema()));

      Paths paths = openApi.getPaths() == null ? new Paths() : openApi.getPaths();
      paths.addPathItem("/v1/events", new PathItem().post(serverEvents()));
      paths.addPathItem("/v1/browser/events", new PathItem().post(browserEvents()));
      paths.addPathItem(
          "/v1/pixel.js", new PathItem().get(pixel()).head(pixel().operationId("pixelHead")));
      openApi.setPaths(paths);
    };
  }

  private static Operation serverEvents() {
    ApiResponses responses = new ApiResponses().addApiResponse("202", accepted());
    errors(
        responses,
        Map.of(
            "400",
            "invalid_json or validation_failed, with each field error's code and JSON path",
            "401",
            "missing_api_key or invalid_api_key",
            "403",
            "merchant_mismatch (merchant_id is not the key's) or merchant_suspended",
            "409",
            "duplicate_event: the same event_id within 24 h",
            "413",
            "payload_too_large (over 1 MiB)",
            "415",
            "unsupported_media_type (send application/json)",
            "429",
            "rate_limited: too many refused requests from this address (Retry-After); or"
                + " quota_exceeded: the plan's hard cap is reached for this billing period (the"
                + " error also has plan, allowance and resets_at; Retry-After until the reset)",
            "503",
            "kafka_unavailable or auth_unavailable: retry after Retry-After"));
    return new Operation()
        .operationId("postServerEvent")
        .summary("Send an event from a server")
        .addSecurityItem(new SecurityRequirement().addList("apiKey"))
        .requestBody(body("application/json"))
        .responses(responses);
  }

  private static Operation browserEvents() {
    ApiResponses responses =
        new ApiResponses()
            .addApiResponse(
                "202",
                accepted()
                    .description(
                        "Accepted, or dropped as a bot (not stored; answered alike so bots learn"
                            + " nothing)"));
    errors(
        responses,
        Map.of(
            "400",
            "invalid_json or validation_failed (merchant_id is required here)",
            "409",
            "duplicate_event: the same event_id within 24 h",
            "413",
            "payload_too_large",
            "415",
            "unsupported_media_type (send text/plain or application/json)",
            "422",
            "unknown_merchant or merchant_suspended",
            "429",
            "rate_limited: 30 events per 60 s per (merchant, client) (Retry-After); or"
                + " quota_exceeded: the plan's hard cap is reached for this billing period (plan,"
                + " allowance, resets_at; Retry-After until the reset)",
            "503",
            "kafka_unavailable: retry after Retry-After"));
    return new Operation()
        .operationId("postBrowserEvent")
        .summary("Send an event from a browser (the pixel)")
        .description("No API key: merchant_id comes from the body. CORS-enabled.")
        .requestBody(body("text/plain", "application/json"))
        .responses(responses);
  }

  private static Operation pixel() {
    return new Operation()
        .operationId("getPixel")
        .summary("The browser pixel script")
        .responses(
            new ApiResponses()
                .addApiResponse(
                    "200",
                    new ApiResponse()
                        .description("The script (Cache-Control: public, max-age=300)")
                        .addHeaderObject("ETag", new Header().schema(new StringSchema()))
                        .content(
                            new Content()
                                .addMediaType(
                                    "application/javascript",
                                    new MediaType().schema(new StringSchema()))))
                .addApiResponse(
                    "304", new ApiResponse().description("Not modified (If-None-Match)")));
  }

  private static RequestBody body(String... mediaTypes) {
    Content content = new Content();
    for (String type : mediaTypes) {
      content.addMediaType(type, new MediaType().schema(ref(EVENT)));
    }
    return new RequestBody().required(true).content(content);
  }

  private static ApiResponse accepted() {
    return new ApiResponse()
        .description("Accepted: the event is durably in Kafka")
        .content(
            new Content().addMediaType("application/json", new MediaType().schema(ref(ACCEPTED))));
  }

  private static void errors(ApiResponses responses, Map<String, String> byStatus) {
    new java.util.TreeMap<>(byStatus)
        .forEach(
            (status, description) ->
                responses.addApiResponse(
                    status,
                    new ApiResponse()
                        .description(description)
                        .content(
                            new Content()
                                .addMediaType(
                                    "application/json", new MediaType().schema(ref(ERROR))))));
  }

  private static Schema<?> errorSchema() {
    StringSchema code = new StringSchema();
    for (Field f : ErrorCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          code.addEnumItem((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    Schema<?> detail =
        new ObjectSchema()
            .addProperty("code", new StringSchema().example("invalid_format"))
            .addProperty("path", new StringSchema().example("$.user_data.email"))
            .addProperty("message", new StringSchema());
    Schema<?> error =
        new ObjectSchema()
            .addProperty("code", code)
            .addProperty("message", new StringSchema())
            .addProperty("details", new ArraySchema().items(detail));
    error.setRequired(List.of("code", "message", "details"));
    return new ObjectSchema().addProperty("error", error);
  }

  /** JSON names of the fields the gateway and the pipeline fill in, not the sender. */
  static List<String> pipelineFields() {
    List<String> names = new ArrayList<>();
    for (Field f : TrackEvent.class.getFields()) {
      JsonProperty name = f.getAnnotation(JsonProperty.class);
      if (f.isAnnotationPresent(PipelineField.class) && name != null) {
        names.add(name.value());
      }
    }
    return names;
  }

  private static Schema<?> ref(String name) {
    return new Schema<>().$ref("#/components/schemas/" + name);
  }
}
