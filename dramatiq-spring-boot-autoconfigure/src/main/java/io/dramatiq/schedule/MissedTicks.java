package io.dramatiq.schedule;

/**
 * What a schedule does, when an instance starts, about ticks that passed while no
 * instance of the application ran.
 */
public enum MissedTicks {

	/**
	 * Forget them: the next tick is the first one after the start.
	 */
	SKIP,

	/**
	 * Enqueue one message for all of them at start-up, then go on with the next tick. It
	 * needs the last tick the broker recorded; a schedule that never ticked has missed
	 * nothing.
	 */
	RUN_ONCE

}
