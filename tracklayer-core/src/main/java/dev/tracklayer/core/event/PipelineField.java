package dev.tracklayer.core.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link TrackEvent} field that the gateway or the pipeline sets: {@link EventValidator} never
 * binds it from a client's body, so a client that sends it gets an unknown_field warning.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface PipelineField {}
