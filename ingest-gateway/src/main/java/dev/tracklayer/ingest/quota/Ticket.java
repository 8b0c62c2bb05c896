package dev.tracklayer.ingest.quota;

/**
 * An event's place in its merchant's count, held from the quota check to Kafka's verdict: exactly
 * one of the two methods is called, once.
 */
public interface Ticket {
  /** Uncounted and unchecked: quotas off, or the plan could not be read. */
  Ticket NONE =
      new Ticket() {
        @Override
        public void accepted() {}

        @Override
        public void released() {}
      };

  /** Kafka has the event (a 202): it counts. */
  void accepted();

  /** The event was not taken (409, 503): its place goes back. */
  void released();
}
