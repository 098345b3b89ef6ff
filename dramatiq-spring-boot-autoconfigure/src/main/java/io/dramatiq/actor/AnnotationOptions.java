package io.dramatiq.actor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options an {@link Actor @Actor} annotation sets: one layer of
 * {@link ActorOptions#resolve}.
 */
public final class AnnotationOptions {

	private AnnotationOptions() {
	}

	/**
	 * Return the annotation layer of an {@link Actor @Actor}: the attributes that were
	 * set, by Python name, unconverted. {@link Actor#UNSET}, empty strings and empty
	 * arrays are not set; {@code notifyShutdown} and {@code storeResults} count as set
	 * only when {@code true}; {@link Actor#RETRY_FOREVER} means "retry forever".
	 * @param actor the annotation
	 * @return the layer, in Python's option order
	 */
	public static Map<String, Object> of(Actor actor) {
		Map<String, Object> layer = new LinkedHashMap<>();
		putText(layer, "max_age", actor.maxAge());
		putText(layer, "time_limit", actor.timeLimit());
		if (actor.notifyShutdown()) {
			layer.put("notify_shutdown", true);
		}
		putText(layer, "on_success", actor.onSuccess());
		putText(layer, "on_failure", actor.onFailure());
		if (actor.maxRetries() != Actor.UNSET) {
			layer.put("max_retries", actor.maxRetries());
		}
		putText(layer, "min_backoff", actor.minBackoff());
		putText(layer, "max_backoff", actor.maxBackoff());
		putText(layer, "retry_when", actor.retryWhen());
		if (actor.throwsTypes().length > 0) {
			layer.put("throws", List.of(actor.throwsTypes()));
		}
		putText(layer, "on_retry_exhausted", actor.onRetryExhausted());
		if (actor.storeResults()) {
			layer.put("store_results", true);
		}
		putText(layer, "result_ttl", actor.resultTtl());
		return layer;
	}

	private static void putText(Map<String, Object> layer, String name, String value) {
		if (value != null && !value.isBlank()) {
			layer.put(name, value);
		}
	}

}
