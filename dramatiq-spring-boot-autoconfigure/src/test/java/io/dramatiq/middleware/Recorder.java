package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;

/**
 * A test middleware that records what it sees: every enqueued message with its delay, and
 * every processed message with its options at that point and its exception. Where it sits
 * in the chain decides what it sees: registered first, its after hooks run last.
 */
final class Recorder implements Middleware {

	final List<Enqueued> enqueued = new CopyOnWriteArrayList<>();

	final List<Processed> processed = new CopyOnWriteArrayList<>();

	@Override
	public void afterEnqueue(Broker broker, Message message, Duration delay) {
		this.enqueued.add(new Enqueued(message, delay));
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		this.processed.add(new Processed(message.message(), result, exception, message.isFailed()));
	}

	/** The copies Retries re-enqueued, in order. */
	List<Message> retried() {
		return this.enqueued.stream()
			.filter((e) -> e.message().queueName().endsWith(".DQ") && e.message().options().containsKey("retries"))
			.map(Enqueued::message)
			.toList();
	}

	List<Message> enqueuedFor(String actorName) {
		return this.enqueued.stream().map(Enqueued::message).filter((m) -> m.actorName().equals(actorName)).toList();
	}

	List<Processed> processedFor(String actorName) {
		return this.processed.stream().filter((p) -> p.message().actorName().equals(actorName)).toList();
	}

	record Enqueued(Message message, Duration delay) {
	}

	record Processed(Message message, Object result, Throwable exception, boolean failed) {
	}

}
