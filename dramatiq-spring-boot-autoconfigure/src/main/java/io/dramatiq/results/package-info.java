/**
 * Actor results, wire-compatible with Python Dramatiq's {@code dramatiq.results}: the
 * {@link io.dramatiq.results.Results} middleware that stores what actors return, the
 * {@link io.dramatiq.results.ResultBackend} that keeps it (in memory here, in Redis in
 * {@code io.dramatiq.results.redis}), and {@link io.dramatiq.results.MessageResult}, a
 * typed handle on one message's result. Spring-free.
 */
package io.dramatiq.results;
