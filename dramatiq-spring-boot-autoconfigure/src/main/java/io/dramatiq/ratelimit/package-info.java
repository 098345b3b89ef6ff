/**
 * Rate limiters and barriers shared with Python Dramatiq through one backend, as
 * {@code dramatiq.rate_limits}. Spring-free.
 */
package io.dramatiq.ratelimit;
