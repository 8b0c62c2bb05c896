package dev.tracklayer.ingest.fuzz;

/** POST /v1/events with the fuzz merchant's API key. */
class ServerEventsFuzzTest extends EventBodiesFuzz {
  @Override
  Endpoint endpoint(boolean variant) {
    return Endpoint.SERVER;
  }
}
