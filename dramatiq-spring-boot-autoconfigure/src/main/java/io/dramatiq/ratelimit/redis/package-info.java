/**
 * The Redis rate-limiter backend, on Spring Data Redis, with Python Dramatiq's keys.
 */
package io.dramatiq.ratelimit.redis;
