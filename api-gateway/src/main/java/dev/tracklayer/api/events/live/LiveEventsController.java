package dev.tracklayer.api.events.live;

import dev.tracklayer.api.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The dashboard's Live page: the merchant's events and delivery states as the pipeline makes them.
 */
@RestController
@Tag(
    name = "Events",
    description = "Events the pipeline stored, their deliveries, and sending them again")
@RequestMapping("/v1/events")
public class LiveEventsController {
  private final LiveStreams streams;

  public LiveEventsController(LiveStreams streams) {
    this.streams = streams;
  }

  @Operation(
      summary = "Follow the merchant's events and deliveries live",
      description =
          "Answers text/event-stream from the moment of connecting (nothing earlier): `accepted`"
              + " {event_id, event_name, source, event_time, received_at, value, currency,"
              + " identity, warnings} as an event leaves the pipeline's dedup, `duplicate`"
              + " {event_id, event_name, source, received_at, identity} for a copy the ingest"
              + " gateway answered 409 duplicate_event, `delivery`"
              + " {event_id, event_name, platform, connection_id, status, attempts, http_status,"
              + " error, latency_ms, updated_at, next_attempt_at} for every delivery state, and"
              + " `sampled` {dropped, window_s} when more than the per-client limit (20 a second"
              + " by default) came. A `: keepalive` comment every 15 s. The stream ends with"
              + " `expired` {expired_at} when the token expires. platform and status"
              + " select deliveries only; event_name selects accepted events, duplicates and"
              + " deliveries alike.")
  @ApiResponse(
      responseCode = "200",
      description = "the event stream",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "400", description = "invalid_query: unknown platform or status")
  @ApiResponse(
      responseCode = "429",
      description = "rate_limited: the merchant already holds 10 open streams (Retry-After)")
  @GetMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<Object>> stream(
      Caller caller,
      @Parameter(hidden = true) @AuthenticationPrincipal Jwt token,
      @Parameter(description = "only this event name")
          @RequestParam(name = "event_name", required = false)
          String eventName,
      @Parameter(description = "only deliveries to this platform") @RequestParam(required = false)
          String platform,
      @Parameter(description = "only deliveries in this state (QUEUED, DELIVERED, RETRY, …)")
          @RequestParam(required = false)
          String status) {
    LiveFilter filter = LiveFilter.parse(eventName, platform, status);
    return streams.open(caller.merchant(), filter, token.getExpiresAt());
  }
}
