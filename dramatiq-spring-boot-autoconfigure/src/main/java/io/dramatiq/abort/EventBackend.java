package io.dramatiq.abort;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Carries abort requests from whoever aborts a message to the workers, as
 * dramatiq-abort's {@code EventBackend}. An event is consumed by the first
 * {@link #poll(String)} or {@link #waitMany(Collection, Duration)} that sees it, unless
 * the backend says otherwise, and expires after its time to live.
 */
public interface EventBackend {

	/**
	 * Wait until one of the events is signalled or the timeout passes, and consume it.
	 * @param keys the keys to wait for
	 * @param timeout how long to wait at most; a backend may round it up to its
	 * granularity
	 * @return the event, or empty when none was signalled in time
	 */
	Optional<Event> waitMany(Collection<String> keys, Duration timeout);

	/**
	 * Consume the event if it was signalled, without waiting.
	 * @param key the key
	 * @return the event, or empty
	 */
	Optional<Event> poll(String key);

	/**
	 * Signal events.
	 * @param events the events
	 * @param ttl how long they stay signalled when nobody consumes them
	 */
	void notify(List<Event> events, Duration ttl);

}
