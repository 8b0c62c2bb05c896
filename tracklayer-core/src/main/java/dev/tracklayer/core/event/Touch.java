package dev.tracklayer.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** One ad click: the URL parameter that carried its click id, the id, and when it landed. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Touch {

  /** One of {@link ClickIds#PARAMS}, spelled as in the URL ({@code gclid}, {@code ScCid}, …). */
  @JsonProperty("param")
  public String param;

  /** The click id, opaque, forwarded unmodified. */
  @JsonProperty("value")
  public String value;

  /** Unix seconds of the landing. */
  @JsonProperty("at")
  public Long at;

  public Touch() {}

  public Touch(String param, String value, Long at) {
    this.param = param;
    this.value = value;
    this.at = at;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Touch other
        && Objects.equals(param, other.param)
        && Objects.equals(value, other.value)
        && Objects.equals(at, other.at);
  }

  @Override
  public int hashCode() {
    return Objects.hash(param, value, at);
  }

  /** The parameter and time, never the click id itself. */
  @Override
  public String toString() {
    return "Touch{param=" + param + ", at=" + at + "}";
  }
}
