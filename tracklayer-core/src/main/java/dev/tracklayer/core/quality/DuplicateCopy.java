package dev.tracklayer.core.quality;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tracklayer.core.analytics.IdentityFields;

/**
 * A record of Kafka {@code events.duplicates}, key {@code <merchant_id>:<event_id>}: a copy of an
 * event the ingest gateway answered 409 {@code duplicate_event} (docs/ingest.md, "Dedup (409)"), so
 * the live stream can show it beside the copy that was kept. Like {@code events.accepted} it says
 * which user_data fields the copy carried, never their values.
 *
 * @param source as the accepted record would say it: {@code server}, {@code browser}, …
 * @param receivedAt epoch milliseconds at the gateway
 * @param fields {@link IdentityFields} bits of the copy's user_data
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DuplicateCopy(
    @JsonProperty("merchant_id") String merchantId,
    @JsonProperty("event_id") String eventId,
    @JsonProperty("event_name") String eventName,
    @JsonProperty("source") String source,
    @JsonProperty("received_at") long receivedAt,
    @JsonProperty("fields") int fields) {}
