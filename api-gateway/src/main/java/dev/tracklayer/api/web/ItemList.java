package dev.tracklayer.api.web;

import java.util.List;

/** Every collection is answered as {@code {"items":[…]}}, so fields can be added beside it. */
public record ItemList<T>(List<T> items) {}
