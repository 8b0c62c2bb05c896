package dev.tracklayer.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A routing rule: an event that meets every condition that is set goes to {@link #platforms}. An
 * empty or null condition list means "any"; {@link #requireConsent} adds "the visitor consented".
 */
public class RuleConfig {
  @JsonProperty("id")
  public String id;

  @JsonProperty("name")
  public String name;

  @JsonProperty("enabled")
  public boolean enabled;

  @JsonProperty("event_names")
  public List<String> eventNames = new ArrayList<>();

  @JsonProperty("sources")
  public List<String> sources = new ArrayList<>();

  @JsonProperty("min_value")
  public BigDecimal minValue;

  @JsonProperty("countries")
  public List<String> countries = new ArrayList<>();

  @JsonProperty("platforms")
  public List<String> platforms = new ArrayList<>();

  /**
   * Matches only events whose {@code consent.marketing} is stated true, whatever the merchant's
   * policy for unstated consent.
   */
  @JsonProperty("require_consent")
  public boolean requireConsent;

  public RuleConfig() {}
}
