package io.dramatiq.composition;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;

/**
 * Records every enqueued message with its delay.
 */
final class EnqueueRecorder implements Middleware {

	final List<Enqueued> enqueued = new CopyOnWriteArrayList<>();

	@Override
	public void afterEnqueue(Broker broker, Message message, Duration delay) {
		this.enqueued.add(new Enqueued(message, delay));
	}

	List<Message> enqueuedFor(String actorName) {
		return this.enqueued.stream().map(Enqueued::message).filter((m) -> m.actorName().equals(actorName)).toList();
	}

	record Enqueued(Message message, Duration delay) {
	}

}
