package io.dramatiq.abort;

import java.util.Map;
import java.util.Objects;

/**
 * A signal sent through an {@link EventBackend}, as dramatiq-abort's {@code Event}: a key
 * such as {@code abort:<message id>} and its parameters.
 *
 * @param key the key, without the backend's namespace
 * @param params the parameters, such as {@code abort_timeout}; never {@code null}
 */
public record Event(String key, Map<String, Object> params) {

	/**
	 * Create the event.
	 * @param key the key, without the backend's namespace
	 * @param params the parameters, such as {@code abort_timeout}
	 */
	public Event {
		Objects.requireNonNull(key, "'key' must not be null");
		params = Map.copyOf(Objects.requireNonNull(params, "'params' must not be null"));
	}

}
