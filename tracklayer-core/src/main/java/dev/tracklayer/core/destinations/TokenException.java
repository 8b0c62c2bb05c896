package dev.tracklayer.core.destinations;

import java.util.Objects;

/**
 * The token exchange did not yield a token. {@link #outcome()} says what that means for the events
 * waiting on it: a revoked refresh token is FAILED, an unavailable token server is RETRY.
 */
public class TokenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Outcome outcome;

  public TokenException(Outcome outcome) {
    super(outcome.message());
    this.outcome = Objects.requireNonNull(outcome, "outcome");
  }

  public Outcome outcome() {
    return outcome;
  }
}
