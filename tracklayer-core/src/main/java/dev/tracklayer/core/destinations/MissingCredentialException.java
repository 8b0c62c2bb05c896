package dev.tracklayer.core.destinations;

/**
 * A connection lacks a credential field its adapter needs. The API validates connections with
 * {@link DestinationAdapter#requiredCredentials()}, so seeing this at delivery time means the
 * stored connection is broken: the delivery is FAILED with this message, never retried.
 */
public class MissingCredentialException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public MissingCredentialException(String field) {
    super("missing credential: " + field);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
