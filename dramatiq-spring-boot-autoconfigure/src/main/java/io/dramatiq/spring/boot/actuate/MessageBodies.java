package io.dramatiq.spring.boot.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dramatiq.message.Message;

import org.springframework.boot.actuate.endpoint.SanitizableData;

/**
 * Hides what a message carries from whoever may read the {@code dramatiq} endpoint but
 * not see values, as Spring Boot's {@code env} endpoint hides property values: the
 * arguments ({@code args}, {@code kwargs}) and the {@code traceback} option become
 * {@value SanitizableData#SANITIZED_VALUE}, also in the messages a message carries along
 * ({@code pipe_target}, {@code group_completion_callbacks}). Ids, names, counts and the
 * other options stay, so an operator can still tell messages apart and requeue them.
 */
public final class MessageBodies {

	private static final Set<String> BODY_FIELDS = Set.of("args", "kwargs");

	private static final Set<String> BODY_OPTIONS = Set.of("traceback");

	/**
	 * Options whose value is another message, or a list of them, as Python encodes it.
	 */
	private static final Set<String> NESTED_MESSAGE_OPTIONS = Set.of("pipe_target", "group_completion_callbacks");

	private MessageBodies() {
	}

	/**
	 * Return a message as Python Dramatiq encodes it, its bodies hidden unless shown.
	 * @param message the message
	 * @param show whether to show the bodies
	 * @return the message as a map
	 */
	public static Map<String, Object> of(Message message, boolean show) {
		Map<String, Object> map = message.asMap();
		return show ? map : mask(map);
	}

	private static Map<String, Object> mask(Map<?, ?> envelope) {
		Map<String, Object> masked = new LinkedHashMap<>();
		envelope.forEach((key, value) -> {
			String name = String.valueOf(key);
			if (BODY_FIELDS.contains(name)) {
				masked.put(name, SanitizableData.SANITIZED_VALUE);
			}
			else if ("options".equals(name) && value instanceof Map<?, ?> options) {
				masked.put(name, maskOptions(options));
			}
			else {
				masked.put(name, value);
			}
		});
		return masked;
	}

	private static Map<String, Object> maskOptions(Map<?, ?> options) {
		Map<String, Object> masked = new LinkedHashMap<>();
		options.forEach((key, value) -> {
			String name = String.valueOf(key);
			if (BODY_OPTIONS.contains(name)) {
				masked.put(name, SanitizableData.SANITIZED_VALUE);
			}
			else if (NESTED_MESSAGE_OPTIONS.contains(name)) {
				masked.put(name, maskNested(value));
			}
			else {
				masked.put(name, value);
			}
		});
		return masked;
	}

	private static Object maskNested(Object value) {
		if (value instanceof Map<?, ?> envelope) {
			return mask(envelope);
		}
		if (value instanceof List<?> list) {
			List<Object> masked = new ArrayList<>();
			list.forEach((item) -> masked.add(maskNested(item)));
			return masked;
		}
		return (value != null) ? SanitizableData.SANITIZED_VALUE : null;
	}

}
