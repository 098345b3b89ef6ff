package io.dramatiq;

/**
 * The names Python Dramatiq gives to failures, for the places where a type travels on the
 * wire: the {@code type} and {@code message} of an {@code on_failure} callback and the
 * {@code exn} of a stored result failure ({@code dramatiq/errors.py},
 * {@code dramatiq/middleware/*.py}).
 * <p>
 * Dramatiq's own exceptions carry their Python names in a {@link PythonName} annotation
 * ({@code TimeLimitExceeded}, {@code Shutdown}, {@code SkipMessage}, {@code Retry},
 * {@code ActorNotFound}, ...), so a Python reader sees familiar types; any other
 * exception is reported by its simple class name, as Python reports
 * {@code type(exception).__name__}.
 */
public final class ExceptionNames {

	private ExceptionNames() {
	}

	/**
	 * Return the type name to report for an exception: the {@link PythonName} of its
	 * class when it has one, otherwise the simple class name. Other Dramatiq exceptions
	 * named {@code XxxException} are reported as {@code Xxx} (for example
	 * {@code RateLimitExceeded}).
	 * @param exception the exception
	 * @return the type name
	 */
	public static String typeName(Throwable exception) {
		Class<?> type = exception.getClass();
		PythonName known = type.getAnnotation(PythonName.class);
		if (known != null) {
			return known.value();
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
	 * message, or an empty string when it has none. Dramatiq's exceptions decide for
	 * themselves ({@link DramatiqException#pythonText()}): interrupts
	 * ({@code TimeLimitExceeded}, {@code Shutdown}) report an empty text, as in Python.
	 * @param exception the exception
	 * @return the text, never {@code null}
	 */
	public static String text(Throwable exception) {
		if (exception instanceof DramatiqException dramatiq) {
			return dramatiq.pythonText();
		}
		String message = exception.getMessage();
		return (message != null) ? message : "";
	}

}
