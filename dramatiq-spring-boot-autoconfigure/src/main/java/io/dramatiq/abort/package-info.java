/**
 * Aborting messages by id, queued or running, as the Python add-on
 * <a href="https://github.com/Flared/dramatiq-abort">dramatiq-abort</a> (checked against
 * its version 1.2.1): the {@link io.dramatiq.abort.Abortable} middleware, the
 * {@link io.dramatiq.abort.EventBackend} it signals through and the in-memory
 * {@link io.dramatiq.abort.StubEventBackend}. Spring-free.
 */
package io.dramatiq.abort;
