package dev.tracklayer.api.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a handler's {@link Caller} parameter: the handler also serves merchants that are not active.
 * Every other handler answers such a merchant 403 {@code merchant_suspended} (see {@link
 * CallerArgumentResolver}); only {@code GET /v1/account} carries this, so the dashboard can show
 * why.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface AllowSuspended {}
