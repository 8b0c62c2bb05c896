package dev.tracklayer.api.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * A rule's conditions; every one is optional and an absent one matches anything. An event matches
 * when its name is in event_names, its source in sources, its value at least min_value and its
 * country in countries.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Conditions(
    @JsonProperty("event_names") List<String> eventNames,
    @JsonProperty("sources") List<String> sources,
    @JsonProperty("min_value") BigDecimal minValue,
    @JsonProperty("countries") List<String> countries) {
  public static Conditions none() {
    return new Conditions(null, null, null, null);
  }
}
