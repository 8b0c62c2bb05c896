package dev.tracklayer.api.ai.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tracklayer.core.event.FieldError;
import dev.tracklayer.core.event.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolInputValidatorTest {
  private final ObjectNode schema =
      ToolSchema.object()
          .string("event_id", "id", 8)
          .oneOf("range", "range", List.of("24h", "7d"))
          .integer("limit", "rows", 1, 50)
          .bool("by_customer", "flag")
          .required("event_id")
          .build();

  @Test
  void theSchemaIsClosedAndListsWhatIsRequired() {
    assertThat(schema.get("type").asText()).isEqualTo("object");
    assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    assertThat(schema.get("required").toString()).isEqualTo("[\"event_id\"]");
    assertThat(schema.at("/properties/range/enum").toString()).isEqualTo("[\"24h\",\"7d\"]");
  }

  @Test
  void acceptsWhatTheSchemaDescribes() throws Exception {
    assertThat(errors("{\"event_id\":\"e-1\",\"range\":\"7d\",\"limit\":50,\"by_customer\":true}"))
        .isEmpty();
    assertThat(errors("{\"event_id\":\"e-1\",\"range\":null}")).isEmpty();
  }

  @Test
  void reportsEveryProblemWithItsPath() throws Exception {
    assertThat(
            errors(
                "{\"range\":\"1y\",\"limit\":0,\"by_customer\":\"yes\",\"merchant_id\":\"m\","
                    + "\"event_id\":\"far-too-long\"}"))
        .extracting(FieldError::path)
        .containsExactlyInAnyOrder(
            "$.range", "$.limit", "$.by_customer", "$.merchant_id", "$.event_id");
    assertThat(errors("{}")).extracting(FieldError::path).containsExactly("$.event_id");
    assertThat(errors("{\"event_id\":7,\"limit\":1.5}"))
        .extracting(FieldError::code)
        .containsExactly(FieldError.INVALID_TYPE, FieldError.INVALID_TYPE);
    assertThat(errors("{\"event_id\":\"e\",\"limit\":99999999999999999999}"))
        .extracting(FieldError::path)
        .containsExactly("$.limit");
    assertThat(ToolInputValidator.validate(schema, Json.readTree("[1]")))
        .extracting(FieldError::path)
        .containsExactly("$");
  }

  private List<FieldError> errors(String input) throws Exception {
    JsonNode node = Json.readTree(input);
    return ToolInputValidator.validate(schema, node);
  }
}
