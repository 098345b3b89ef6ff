package io.dramatiq;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name Python Dramatiq gives an exception type, carried by the exception class itself
 * and reported where a type travels on the wire (see {@link ExceptionNames}).
 * <p>
 * The annotation is deliberately not inherited: as Python's
 * {@code type(exception).__name__}, a subclass without its own annotation is reported by
 * its own class name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PythonName {

	/**
	 * The Python type name, for example {@code TimeLimitExceeded}.
	 * @return the name
	 */
	String value();

}
