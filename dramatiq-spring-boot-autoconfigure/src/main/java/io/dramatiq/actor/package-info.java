/**
 * Actors: the {@link io.dramatiq.actor.Actor @Actor} annotation, actor definitions, the
 * registry, and binding of JSON arguments to Java parameters. Spring-free.
 */
package io.dramatiq.actor;
