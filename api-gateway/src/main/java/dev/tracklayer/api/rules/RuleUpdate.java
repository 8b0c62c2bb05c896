package dev.tracklayer.api.rules;

import java.util.List;

/** PATCH /v1/rules/:id body: the fields present replace the rule's. */
public record RuleUpdate(
    String name, Boolean enabled, Conditions conditions, List<String> platforms) {}
