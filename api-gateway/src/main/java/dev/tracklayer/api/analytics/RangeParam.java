package dev.tracklayer.api.analytics;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The OpenAPI description of the {@code range} parameter every analytics endpoint takes. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Parameter(
    description = "How far back: 24h, 7d, 30d or 90d",
    schema =
        @Schema(
            allowableValues = {"24h", "7d", "30d", "90d"},
            defaultValue = "7d"))
@interface RangeParam {}
