package io.dramatiq.middleware;

/**
 * Matches an exception against a {@code throws} option: a class, an array or iterable of
 * classes, or class names (fully qualified or simple, as a Python message could carry).
 * Used by {@link Retries} and by the worker, which logs such expected exceptions at INFO.
 */
public final class ExceptionTypes {

	private ExceptionTypes() {
	}

	/**
	 * Return whether an exception is one of the given types.
	 * @param types a class, classes or class names, or {@code null}
	 * @param exception the exception
	 * @return whether it matches
	 */
	public static boolean matches(Object types, Throwable exception) {
		if (types == null) {
			return false;
		}
		if (types instanceof Class<?> type) {
			return type.isInstance(exception);
		}
		if (types instanceof CharSequence name) {
			return matchesName(name.toString(), exception);
		}
		if (types instanceof Object[] array) {
			for (Object type : array) {
				if (matches(type, exception)) {
					return true;
				}
			}
			return false;
		}
		if (types instanceof Iterable<?> iterable) {
			for (Object type : iterable) {
				if (matches(type, exception)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean matchesName(String name, Throwable exception) {
		for (Class<?> type = exception.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(name) || type.getSimpleName().equals(name)) {
				return true;
			}
		}
		return false;
	}

}
