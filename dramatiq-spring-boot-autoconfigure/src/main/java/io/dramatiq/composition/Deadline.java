package io.dramatiq.composition;

import java.time.Duration;

/**
 * One deadline shared by the result lookups of a pipeline or a group, as Python's
 * {@code timeout} of {@code get_results}.
 */
final class Deadline {

	private final long deadlineNanos;

	private Deadline(long deadlineNanos) {
		this.deadlineNanos = deadlineNanos;
	}

	static Deadline after(Duration timeout) {
		return new Deadline(System.nanoTime() + timeout.toNanos());
	}

	/**
	 * The time left, zero once the deadline passed.
	 */
	Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.deadlineNanos - System.nanoTime()));
	}

}
