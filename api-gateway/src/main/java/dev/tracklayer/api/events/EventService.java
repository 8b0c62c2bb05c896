package dev.tracklayer.api.events;

import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.web.Blocking;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The read side of events. A list is two rounds of ClickHouse queries run side by side: the page's
 * keys with the total, then the page's rows with their delivery states.
 */
@Service
public class EventService {
  private final EventReader reader;

  public EventService(EventReader reader) {
    this.reader = reader;
  }

  public Mono<EventPage> list(Caller caller, EventQuery query) {
    String merchant = caller.merchant();
    Mono<EventReader.Page> found =
        query.search() != null
            ? Blocking.call(() -> reader.search(merchant, query))
            : Mono.zip(
                    Blocking.call(() -> reader.pageKeys(merchant, query)),
                    Blocking.call(() -> reader.count(merchant, query)))
                .map(t -> new EventReader.Page(t.getT1(), t.getT2()));
    return found.flatMap(
        page ->
            Mono.zip(
                    Blocking.call(() -> reader.summaries(merchant, page.keys())),
                    Blocking.call(() -> reader.statuses(merchant, page.keys())))
                .map(
                    rows ->
                        new EventPage(
                            rows.getT1().stream()
                                .map(
                                    e ->
                                        e.withDeliveries(
                                            rows.getT2().getOrDefault(e.eventId(), List.of())))
                                .toList(),
                            page.total(),
                            query.limit(),
                            query.offset())));
  }

  public Mono<EventDetail> detail(Caller caller, String eventId) {
    String merchant = caller.merchant();
    return Blocking.call(
        () -> {
          EventReader.Deliveries deliveries = reader.deliveries(merchant, eventId);
          return reader
              .event(merchant, eventId, deliveries)
              .orElseThrow(() -> ApiException.notFound("event"));
        });
  }
}
