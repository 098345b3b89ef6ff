package io.dramatiq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of an {@link ActorClient @ActorClient} method that delays the
 * message, as {@code send_with_options(delay=...)} does in Python: a
 * {@link java.time.Duration}, or a {@code long} (or {@code Long}) number of milliseconds,
 * Python's unit. A {@code null} value sends at once. It overrides the delay of a
 * {@link SendOptions} parameter.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Delay {

}
