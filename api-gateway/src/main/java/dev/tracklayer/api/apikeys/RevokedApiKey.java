package dev.tracklayer.api.apikeys;

import java.time.Instant;
import java.util.UUID;

public record RevokedApiKey(boolean ok, UUID id, Instant revokedAt) {}
