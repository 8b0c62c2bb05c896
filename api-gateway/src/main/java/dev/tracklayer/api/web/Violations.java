package dev.tracklayer.api.web;

import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.core.event.FieldError;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a request body so the client sees them all in one 400. */
public final class Violations {
  private final List<FieldError> errors = new ArrayList<>();

  public void add(String code, String path, String message) {
    errors.add(new FieldError(code, path, message));
  }

  public void required(String path) {
    add(FieldError.REQUIRED, path, "is required");
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** A trimmed string of 1..max characters without control characters, or a recorded error. */
  public String text(String path, String value, int max, boolean required) {
    if (value == null) {
      if (required) {
        required(path);
      }
      return null;
    }
    String s = value.strip();
    if (s.isEmpty()) {
      if (required) {
        required(path);
      }
      return required ? null : "";
    }
    if (s.codePointCount(0, s.length()) > max) {
      add(FieldError.TOO_LONG, path, "must be at most " + max + " characters");
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        add(FieldError.INVALID_FORMAT, path, "must not contain control characters");
        return null;
      }
    }
    return s;
  }

  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ApiException.validation(errors);
    }
  }
}
