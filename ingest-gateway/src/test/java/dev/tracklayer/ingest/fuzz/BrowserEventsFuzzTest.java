package dev.tracklayer.ingest.fuzz;

/** POST /v1/browser/events, as application/json or as the pixel's text/plain. */
class BrowserEventsFuzzTest extends EventBodiesFuzz {
  @Override
  Endpoint endpoint(boolean textPlain) {
    return textPlain ? Endpoint.BROWSER_TEXT : Endpoint.BROWSER_JSON;
  }
}
