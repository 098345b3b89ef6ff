package io.dramatiq.middleware;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Delivers {@link InterruptException}s to running actors, the Java stand-in for Python
 * Dramatiq's {@code raise_thread_exception} ({@code dramatiq/threading.py}).
 * <p>
 * Java cannot raise an exception inside another thread. Instead, the worker opens a
 * {@link Run} for each message it processes; a middleware that wants to stop the actor
 * calls {@link Run#interrupt(InterruptException)}, which {@linkplain Thread#interrupt()
 * interrupts} the worker thread. Blocking calls then throw {@link InterruptedException}
 * (or {@link java.io.InterruptedIOException},
 * {@link java.nio.channels.ClosedByInterruptException}, ...). An exception that escapes
 * the actor after such an interruption is reported as the interruption itself, so the
 * rest of the chain sees {@code TimeLimitExceeded} or {@code Shutdown}. Actor code that
 * wants the real exception type calls {@link #check()} in its loops, or after catching
 * {@code InterruptedException}, and may catch it to clean up:
 *
 * <pre class="code">
 * for (Item item : items) {
 *     TimeLimit.check(); // throws TimeLimitExceededException once the limit passed
 *     process(item);
 * }
 * </pre>
 *
 * A run accepts interruptions only while its actor runs, so an interruption never reaches
 * the next message of the same thread, and each kind of interruption is raised at most
 * once per run. The thread's interrupt flag is cleared when the actor returns.
 */
public final class Interrupts {

	private static final ThreadLocal<Run> CURRENT = new ThreadLocal<>();

	private Interrupts() {
	}

	/**
	 * Open the run of a message on the current thread. Called by the worker before the
	 * {@code beforeProcessMessage} hooks.
	 * @param messageId the message id
	 * @return the run
	 */
	public static Run begin(String messageId) {
		Run run = new Run(Thread.currentThread(), messageId);
		CURRENT.set(run);
		return run;
	}

	/**
	 * Close a run on its thread: no interruption is accepted any more and the thread's
	 * interrupt flag is cleared if the run was interrupted. Called by the worker after
	 * the {@code afterProcessMessage} hooks.
	 * @param run the run opened by {@link #begin(String)}
	 */
	public static void end(Run run) {
		run.finish(null);
		if (CURRENT.get() == run) {
			CURRENT.remove();
		}
	}

	/**
	 * Return the run of the message the current thread processes.
	 * @return the run, or empty outside of a worker thread's message
	 */
	public static Optional<Run> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * A checkpoint for actor code: throw the interruption raised for the current message
	 * if there is one that was not thrown yet, or a {@link TimeLimitExceededException} if
	 * the message's time limit passed. Clears the thread's interrupt flag when it throws,
	 * so clean-up code can still block. Does nothing outside of a worker thread.
	 * @throws InterruptException the pending interruption
	 */
	public static void check() {
		Run run = CURRENT.get();
		if (run != null && run.thread == Thread.currentThread()) {
			run.checkpoint();
		}
	}

	/**
	 * The processing of one message on one worker thread, for middleware that interrupts
	 * it.
	 */
	public static final class Run {

		private final Thread thread;

		private final String messageId;

		private final Set<Class<?>> raised = new HashSet<>();

		private InterruptException undelivered;

		private boolean finished;

		private long deadline;

		private Supplier<? extends InterruptException> deadlineException;

		private Run(Thread thread, String messageId) {
			this.thread = thread;
			this.messageId = messageId;
		}

		/**
		 * Return the worker thread that runs the message.
		 * @return the thread
		 */
		public Thread thread() {
			return this.thread;
		}

		/**
		 * Return the id of the message.
		 * @return the message id
		 */
		public String messageId() {
			return this.messageId;
		}

		/**
		 * Interrupt the actor with the given interruption, unless the actor already
		 * returned, an interruption of the same type was already raised in this run, or
		 * another one is still pending.
		 * @param interruption the interruption
		 * @return whether the thread was interrupted
		 */
		public synchronized boolean interrupt(InterruptException interruption) {
			Objects.requireNonNull(interruption, "'interruption' must not be null");
			if (this.finished || this.undelivered != null || this.raised.contains(interruption.getClass())) {
				return false;
			}
			this.raised.add(interruption.getClass());
			this.undelivered = interruption;
			this.thread.interrupt();
			return true;
		}

		/**
		 * Set the time after which {@link Interrupts#check()} throws, for
		 * {@link TimeLimit}.
		 * @param deadlineNanos the deadline on the {@link System#nanoTime()} clock
		 * @param exception creates the exception to throw
		 */
		synchronized void deadline(long deadlineNanos, Supplier<? extends InterruptException> exception) {
			this.deadline = deadlineNanos;
			this.deadlineException = exception;
		}

		private synchronized void checkpoint() {
			if (this.finished) {
				return;
			}
			InterruptException pending = this.undelivered;
			if (pending != null) {
				this.undelivered = null;
				Thread.interrupted();
				throw pending;
			}
			if (this.deadlineException != null && System.nanoTime() - this.deadline >= 0) {
				InterruptException exceeded = this.deadlineException.get();
				if (this.raised.add(exceeded.getClass())) {
					throw exceeded;
				}
			}
		}

		/**
		 * Mark the actor as returned: no interruption is accepted any more and the
		 * thread's interrupt flag is cleared if this run interrupted it. Must be called
		 * on the run's thread. The worker calls it right after the actor, then reports
		 * the returned exception.
		 * @param escaped the exception that escaped the actor, or {@code null}
		 * @return the exception to report: the pending interruption (with {@code escaped}
		 * as its cause) when the actor failed after being interrupted and had not seen
		 * the interruption itself, otherwise {@code escaped}
		 */
		public synchronized Throwable finish(Throwable escaped) {
			if (!this.finished) {
				this.finished = true;
				if (!this.raised.isEmpty() && Thread.currentThread() == this.thread) {
					Thread.interrupted();
				}
			}
			InterruptException pending = this.undelivered;
			// reported at most once; an actor that returned normally swallowed it
			this.undelivered = null;
			if (escaped == null || pending == null || escaped instanceof InterruptException) {
				return escaped;
			}
			if (pending.getCause() == null && pending != escaped) {
				pending.initCause(escaped);
			}
			return pending;
		}

		@Override
		public String toString() {
			return "message " + this.messageId + " on " + this.thread.getName();
		}

	}

}
