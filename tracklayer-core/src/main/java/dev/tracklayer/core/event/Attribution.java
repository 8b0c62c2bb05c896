package dev.tracklayer.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The ad clicks that brought the visitor: the first one we know of and the latest. The pixel fills
 * both from its stored touches; server events may send them too. Either may be absent. The last
 * touch's click ids also reach {@code user_data.browser_ids}, which is what adapters send.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Attribution {

  @JsonProperty("first_touch")
  public Touch firstTouch;

  @JsonProperty("last_touch")
  public Touch lastTouch;

  public Attribution() {}

  public Attribution(Touch firstTouch, Touch lastTouch) {
    this.firstTouch = firstTouch;
    this.lastTouch = lastTouch;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attribution other
        && Objects.equals(firstTouch, other.firstTouch)
        && Objects.equals(lastTouch, other.lastTouch);
  }

  @Override
  public int hashCode() {
    return Objects.hash(firstTouch, lastTouch);
  }

  @Override
  public String toString() {
    return "Attribution{first_touch=" + firstTouch + ", last_touch=" + lastTouch + "}";
  }
}
