package io.dramatiq;

import java.util.Map;

import io.dramatiq.actor.ActorNotFoundException;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.broker.QueueJoinTimeoutException;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.message.DecodeException;
import io.dramatiq.message.EncodeException;
import io.dramatiq.middleware.InterruptException;
import io.dramatiq.middleware.MiddlewareException;
import io.dramatiq.middleware.ShutdownException;
import io.dramatiq.middleware.SkipMessageException;
import io.dramatiq.middleware.TimeLimitExceededException;

/**
 * The names Python Dramatiq gives to failures, for the places where a type travels on the
 * wire: the {@code type} and {@code message} of an {@code on_failure} callback and the
 * {@code exn} of a stored result failure ({@code dramatiq/errors.py},
 * {@code dramatiq/middleware/*.py}).
 * <p>
 * Dramatiq's own exceptions get their Python names ({@code TimeLimitExceeded},
 * {@code Shutdown}, {@code SkipMessage}, {@code Retry}, {@code ActorNotFound}, ...), so a
 * Python reader sees familiar types; any other exception is reported by its simple class
 * name, as Python reports {@code type(exception).__name__}.
 */
public final class ExceptionNames {

	private static final Map<Class<?>, String> PYTHON_NAMES = Map.ofEntries(
			Map.entry(DramatiqException.class, "DramatiqError"), Map.entry(RetryException.class, "Retry"),
			Map.entry(BrokerException.class, "BrokerError"), Map.entry(ConnectionException.class, "ConnectionError"),
			Map.entry(QueueNotFoundException.class, "QueueNotFound"),
			Map.entry(QueueJoinTimeoutException.class, "QueueJoinTimeout"),
			Map.entry(ActorNotFoundException.class, "ActorNotFound"), Map.entry(DecodeException.class, "DecodeError"),
			Map.entry(EncodeException.class, "EncodeError"), Map.entry(MiddlewareException.class, "MiddlewareError"),
			Map.entry(SkipMessageException.class, "SkipMessage"), Map.entry(InterruptException.class, "Interrupt"),
			Map.entry(TimeLimitExceededException.class, "TimeLimitExceeded"),
			Map.entry(ShutdownException.class, "Shutdown"));

	private ExceptionNames() {
	}

	/**
	 * Return the type name to report for an exception: Python's name for Dramatiq's own
	 * exceptions, otherwise the simple class name. Other Dramatiq exceptions named
	 * {@code XxxException} are reported as {@code Xxx} (for example
	 * {@code RateLimitExceeded}).
	 * @param exception the exception
	 * @return the type name
	 */
	public static String typeName(Throwable exception) {
		Class<?> type = exception.getClass();
		String known = PYTHON_NAMES.get(type);
		if (known != null) {
			return known;
		}
		String simple = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
		if (type.getName().startsWith("io.dramatiq.") && simple.endsWith("Exception")
				&& simple.length() > "Exception".length()) {
			return simple.substring(0, simple.length() - "Exception".length());
		}
		return simple;
	}

	/**
	 * Return the text to report for an exception, as Python's {@code str(exception)}: its
	 * message, or an empty string when it has none. Interrupts
	 * ({@code TimeLimitExceeded}, {@code Shutdown}) report an empty text, as in Python,
	 * even though their Java message describes the interruption for logs.
	 * @param exception the exception
	 * @return the text, never {@code null}
	 */
	public static String text(Throwable exception) {
		if (exception instanceof InterruptException) {
			return "";
		}
		String message = exception.getMessage();
		return (message != null) ? message : "";
	}

}
