/**
 * The Redis event backend of aborts, on Spring Data Redis, with dramatiq-abort's keys and
 * values.
 */
package io.dramatiq.abort.redis;
