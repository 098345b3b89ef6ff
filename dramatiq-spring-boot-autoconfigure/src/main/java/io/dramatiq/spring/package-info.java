/**
 * Spring Framework glue (no Spring Boot): discovery of
 * {@link io.dramatiq.actor.Actor @Actor} bean methods, one
 * {@link io.dramatiq.spring.ActorProxy} bean per actor, and the
 * {@link io.dramatiq.spring.WorkerContainer} that runs the worker with the application
 * context.
 */
package io.dramatiq.spring;
