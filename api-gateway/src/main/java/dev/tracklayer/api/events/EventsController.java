package dev.tracklayer.api.events;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.web.Blocking;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Events as stored in ClickHouse, and copies of them sent through the pipeline again. */
@RestController
@RequestMapping("/v1/events")
public class EventsController {
  private final EventService events;
  private final ReplayService replays;

  public EventsController(EventService events, ReplayService replays) {
    this.events = events;
    this.replays = replays;
  }

  /** Filters are optional; limit defaults to 50 and is capped at 200. */
  @GetMapping
  public Mono<EventPage> list(
      Caller caller,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String offset,
      @RequestParam(required = false) String platform,
      @RequestParam(required = false) String status,
      @RequestParam(name = "event_name", required = false) String eventName,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String start,
      @RequestParam(required = false) String end,
      @RequestParam(required = false) String search,
      @RequestParam(required = false) String orderBy,
      @RequestParam(required = false) String orderDirection) {
    EventQuery query =
        EventQuery.parse(
            limit,
            offset,
            platform,
            status,
            eventName,
            source,
            start,
            end,
            search,
            orderBy,
            orderDirection);
    return events.list(caller, query);
  }

  @GetMapping("/{id}")
  public Mono<EventDetail> get(Caller caller, @PathVariable String id) {
    return events.detail(caller, id);
  }

  @PostMapping("/{id}/replay")
  public Mono<ReplayResult> replay(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> replays.replay(caller, id));
  }

  @PostMapping("/{id}/forward")
  public Mono<ReplayResult> forward(
      Caller caller, @PathVariable String id, @RequestBody ForwardRequest body) {
    return Blocking.call(() -> replays.forward(caller, id, body));
  }

  @PostMapping("/{id}/retry-failed")
  public Mono<ReplayResult> retryFailed(Caller caller, @PathVariable String id) {
    return Blocking.call(() -> replays.retryFailed(caller, id));
  }
}
