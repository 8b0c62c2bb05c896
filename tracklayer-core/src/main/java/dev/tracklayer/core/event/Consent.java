package dev.tracklayer.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The visitor's consent as the merchant's CMP reported it. Deliberately two purposes rather than
 * Google Consent Mode's four storage flags: routing only needs "may this go to ad platforms"
 * ({@code marketing}, covering ad_storage + ad_user_data + ad_personalization) and "may we keep it
 * for analytics" ({@code analytics}). {@code null} means "not stated", which is different from
 * {@code false}; what "not stated" means is the routing layer's policy, not the model's.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Consent {

  @JsonProperty("marketing")
  public Boolean marketing;

  @JsonProperty("analytics")
  public Boolean analytics;

  public Consent() {}

  public Consent(Boolean marketing, Boolean analytics) {
    this.marketing = marketing;
    this.analytics = analytics;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Consent other
        && Objects.equals(marketing, other.marketing)
        && Objects.equals(analytics, other.analytics);
  }

  @Override
  public int hashCode() {
    return Objects.hash(marketing, analytics);
  }

  @Override
  public String toString() {
    return "Consent{marketing=" + marketing + ", analytics=" + analytics + "}";
  }
}
