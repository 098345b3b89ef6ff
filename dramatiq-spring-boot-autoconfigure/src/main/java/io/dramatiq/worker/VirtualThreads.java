package io.dramatiq.worker;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Creates virtual threads on Java 21 and later while the project compiles for Java 17:
 * {@code Thread.ofVirtual()} and its builder are looked up once through method handles.
 * On an older runtime {@link #isSupported()} is {@code false} and {@link #newThread}
 * fails with a message that says which Java is needed.
 */
public final class VirtualThreads {

	private static final MethodHandle OF_VIRTUAL;

	private static final MethodHandle NAME;

	private static final MethodHandle UNSTARTED;

	private static final MethodHandle IS_VIRTUAL;

	static {
		MethodHandle ofVirtual = null;
		MethodHandle name = null;
		MethodHandle unstarted = null;
		MethodHandle isVirtual = null;
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			Class<?> builder = Class.forName("java.lang.Thread$Builder");
			Class<?> ofVirtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
			ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualBuilder));
			name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
			unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
			isVirtual = lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			// before Java 21 (or 19 with preview features) there are no virtual threads
			ofVirtual = null;
		}
		OF_VIRTUAL = ofVirtual;
		NAME = name;
		UNSTARTED = unstarted;
		IS_VIRTUAL = isVirtual;
	}

	private VirtualThreads() {
	}

	/**
	 * Return whether this runtime has virtual threads (Java 21 or later).
	 * @return whether virtual threads can be created
	 */
	public static boolean isSupported() {
		return OF_VIRTUAL != null;
	}

	/**
	 * Return whether a thread is a virtual thread.
	 * @param thread the thread
	 * @return whether it is virtual; always {@code false} before Java 21
	 */
	public static boolean isVirtual(Thread thread) {
		if (!isSupported()) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invoke(thread);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Failed to tell whether thread '" + thread.getName() + "' is virtual.", ex);
		}
	}

	/**
	 * Create an unstarted virtual thread.
	 * @param name the thread's name
	 * @param task what it runs
	 * @return the thread
	 * @throws UnsupportedOperationException before Java 21
	 */
	public static Thread newThread(String name, Runnable task) {
		if (!isSupported()) {
			throw new UnsupportedOperationException("Virtual threads need Java 21 or later; this is Java "
					+ Runtime.version().feature() + " (" + System.getProperty("java.home") + ").");
		}
		try {
			Object builder = OF_VIRTUAL.invoke();
			builder = NAME.invoke(builder, name);
			return (Thread) UNSTARTED.invoke(builder, task);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Failed to create virtual thread '" + name + "'.", ex);
		}
	}

}
