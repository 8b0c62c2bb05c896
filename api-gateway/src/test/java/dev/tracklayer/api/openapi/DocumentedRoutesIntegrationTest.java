package dev.tracklayer.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.core.event.Json;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/** Every route the API's controllers serve is in /v3/api-docs, and the document lists no other. */
class DocumentedRoutesIntegrationTest extends ApiIntegrationTest {
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void theDocumentListsExactlyTheRoutesServed() throws Exception {
    Set<String> served = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, handler) -> {
              if (!handler.getBeanType().getPackageName().startsWith("dev.tracklayer")) {
                return; // springdoc's own /v3/api-docs
              }
              info.getPatternsCondition()
                  .getPatterns()
                  .forEach(
                      pattern ->
                          info.getMethodsCondition()
                              .getMethods()
                              .forEach(
                                  m -> served.add(m.name() + " " + pattern.getPatternString())));
            });

    String body =
        web.get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    Set<String> documented = new TreeSet<>();
    JsonNode paths = Json.readTree(body).path("paths");
    paths
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method -> documented.add(method.toUpperCase() + " " + path.getKey())));

    assertThat(served).isNotEmpty().isEqualTo(documented);
  }
}
