package dev.tracklayer.api.errors;

import dev.tracklayer.core.event.FieldError;
import java.util.List;

/** The one error shape of the API: {@code {"error":{"code","message","details":[…]}}}. */
public record ErrorBody(Detail error) {
  public record Detail(String code, String message, List<FieldError> details) {}

  public static ErrorBody of(String code, String message, List<FieldError> details) {
    return new ErrorBody(new Detail(code, message, details));
  }
}
