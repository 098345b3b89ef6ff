package io.dramatiq.worker;

import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.MessageProxy;

/**
 * A message waiting in the work queue for a worker thread, ordered by its actor's
 * priority (lower first) and then by arrival (Python's {@code (priority, message)}
 * tuples).
 */
record WorkItem(int priority, long sequence, MessageProxy message, ActorDefinition actor, Consumer consumer) {

	static final Comparator<WorkItem> ORDER = Comparator.comparingInt(WorkItem::priority)
		.thenComparingLong(WorkItem::sequence);

	/**
	 * Create the work queue that a worker's consumer threads fill and its worker threads
	 * take from.
	 * @return an empty queue in {@link #ORDER}
	 */
	static PriorityBlockingQueue<WorkItem> newQueue() {
		return new PriorityBlockingQueue<>(64, ORDER);
	}

}
