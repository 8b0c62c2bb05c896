package dev.tracklayer.api.rules;

import java.util.List;

/** POST /v1/rules body; enabled defaults to true, conditions to none (every event). */
public record NewRule(
    String name, Boolean enabled, Conditions conditions, List<String> platforms) {}
