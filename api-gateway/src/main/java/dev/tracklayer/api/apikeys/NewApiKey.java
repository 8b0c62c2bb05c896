package dev.tracklayer.api.apikeys;

/** POST /v1/api-keys body; the name is optional. */
public record NewApiKey(String name) {}
