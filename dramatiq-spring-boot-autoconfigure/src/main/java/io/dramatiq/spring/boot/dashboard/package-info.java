/**
 * The Dramatiq dashboard: web pages served by the application that show queues, actors,
 * dead letters, workers and recent failures, over JSON endpoints that Spring MVC and
 * WebFlux both route to one handler. The auto-configuration in
 * {@code io.dramatiq.spring.boot.autoconfigure} creates it.
 */
package io.dramatiq.spring.boot.dashboard;
