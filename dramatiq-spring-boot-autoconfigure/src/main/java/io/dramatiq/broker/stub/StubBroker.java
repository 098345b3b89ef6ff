package io.dramatiq.broker.stub;

import java.time.Duration;
import java.util.List;

import io.dramatiq.broker.AbstractBroker;
import io.dramatiq.broker.Consumer;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;

/**
 * Placeholder with the final public API; the implementation lands separately.
 */
public class StubBroker extends AbstractBroker {

	public StubBroker() {
		this(new JsonMessageEncoder());
	}

	public StubBroker(MessageEncoder encoder) {
		super(encoder);
	}

	@Override
	public String type() {
		return "stub";
	}

	/** Wait forever until the queue and its delay queue are drained; fail fast. */
	public void join(String queueName) {
		join(queueName, null, true);
	}

	public void join(String queueName, Duration timeout) {
		join(queueName, timeout, true);
	}

	/**
	 * Wait until the queue and its delay queue have no unfinished message.
	 * @param queueName the canonical queue
	 * @param timeout how long to wait, or {@code null} for ever
	 * @param failFast rethrow the exception of a dead-lettered message of this queue
	 */
	public void join(String queueName, Duration timeout, boolean failFast) {
		throw new UnsupportedOperationException("not yet");
	}

	public List<DeadLetter> deadLetters() {
		return List.of();
	}

	public List<DeadLetter> deadLetters(String queueName) {
		return List.of();
	}

	@Override
	protected void doDeclareQueue(String queueName) {
	}

	@Override
	protected Message doEnqueue(Message message) {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public Consumer consume(String queueName, int prefetch, Duration timeout) {
		throw new UnsupportedOperationException("not yet");
	}

	@Override
	public QueueCounts queueCounts(String queueName) {
		return new QueueCounts(0, 0, 0);
	}

	@Override
	public void flush(String queueName) {
	}

	@Override
	public void flushAll() {
	}

	@Override
	public void close() {
	}

	/**
	 * A dead-lettered message and the exception that sent it there.
	 *
	 * @param message the message
	 * @param exception the exception, or {@code null}
	 */
	public record DeadLetter(Message message, Throwable exception) {
	}

}
