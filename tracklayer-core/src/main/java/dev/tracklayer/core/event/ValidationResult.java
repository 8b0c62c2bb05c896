package dev.tracklayer.core.event;

import java.util.List;

/**
 * Outcome of {@link EventValidator#validate}: either a bound event and no errors, or no event and
 * every error found.
 */
public record ValidationResult(TrackEvent event, List<FieldError> errors) {

  public ValidationResult {
    errors = List.copyOf(errors);
    if (errors.isEmpty() == (event == null)) {
      throw new IllegalArgumentException("exactly one of event and errors must be present");
    }
  }

  public boolean isValid() {
    return errors.isEmpty();
  }
}
