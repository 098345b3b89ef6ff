package io.dramatiq.spring.boot.dashboard;

/**
 * How many messages of a queue this process has processed, and how many of them failed,
 * as the {@code dramatiq.messages} and {@code dramatiq.message.errors} meters count them;
 * the dashboard turns two readings into messages per second.
 *
 * @param processed messages processed (or skipped) so far, {@code -1} without meters
 * @param failed messages whose actor failed so far, {@code -1} without meters
 */
public record MessageTotals(long processed, long failed) {

	/** No meters: nothing counted. */
	public static final MessageTotals NONE = new MessageTotals(-1, -1);

	/**
	 * Where the totals of a queue come from.
	 */
	@FunctionalInterface
	public interface Source {

		/**
		 * Return the totals of a queue.
		 * @param queueName the canonical queue name
		 * @return the totals
		 */
		MessageTotals of(String queueName);

	}

}
