/**
 * The Redis result backend, on Spring Data Redis, with Python Dramatiq's keys and values.
 */
package io.dramatiq.results.redis;
