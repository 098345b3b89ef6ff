package io.dramatiq.middleware;

import java.util.Optional;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;

/**
 * Makes the message being processed reachable from actor code, as Python Dramatiq's
 * {@code CurrentMessage} ({@code dramatiq/middleware/current_message.py}). Optional: add
 * it to the broker to use it. It is set before the actor runs and cleared after it, per
 * worker thread.
 *
 * <pre class="code">
 * Message message = CurrentMessage.get().orElseThrow();
 * logger.info("Running {} (attempt {}).", message.messageId(), message.options().getOrDefault("retries", 0));
 * </pre>
 */
public class CurrentMessage implements Middleware {

	private static final ThreadLocal<MessageProxy> CURRENT = new ThreadLocal<>();

	/**
	 * Return the message the current thread processes.
	 * @return the message with its current options, or empty outside of an actor run (or
	 * when this middleware is not registered)
	 */
	public static Optional<Message> get() {
		MessageProxy proxy = CURRENT.get();
		return (proxy != null) ? Optional.of(proxy.message()) : Optional.empty();
	}

	@Override
	public void beforeProcessMessage(Broker broker, MessageProxy message) {
		CURRENT.set(message);
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		CURRENT.remove();
	}

	@Override
	public void afterSkipMessage(Broker broker, MessageProxy message) {
		CURRENT.remove();
	}

}
