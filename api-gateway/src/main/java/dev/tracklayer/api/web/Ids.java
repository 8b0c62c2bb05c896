package dev.tracklayer.api.web;

import dev.tracklayer.api.errors.ApiException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Path ids: a malformed one names nothing, so it is a 404 like an unknown one. */
public final class Ids {
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Ids() {}

  public static UUID uuid(String text, String what) {
    if (text == null || !UUID_TEXT.matcher(text).matches()) {
      throw ApiException.notFound(what);
    }
    return UUID.fromString(text);
  }
}
