package io.dramatiq.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.dramatiq.message.Message;

/**
 * A message while a worker processes it, as Python Dramatiq's {@code MessageProxy}: the
 * delivery it came in, options middleware may change (Retries adds {@code retries}),
 * whether it failed, and the exception or result of the run.
 */
public final class MessageProxy {

	private final Delivery delivery;

	private final Message original;

	private final Map<String, Object> options;

	private volatile boolean failed;

	private volatile boolean keepOptions;

	private volatile Throwable exception;

	/**
	 * Wrap a decoded delivery.
	 * @param delivery the delivery; its message must not be {@code null}
	 */
	public MessageProxy(Delivery delivery) {
		this.delivery = delivery;
		this.original = delivery.message();
		this.options = new LinkedHashMap<>(this.original.options());
	}

	/**
	 * Return the delivery this message came in.
	 * @return the delivery
	 */
	public Delivery delivery() {
		return this.delivery;
	}

	/**
	 * Return the message with the current options.
	 * @return a snapshot of the message
	 */
	public Message message() {
		synchronized (this.options) {
			return this.original.withReplacedOptions(this.options);
		}
	}

	/**
	 * Return the options, which middleware may change.
	 * @return the mutable options
	 */
	public Map<String, Object> options() {
		return this.options;
	}

	/**
	 * Return the message id.
	 * @return the message id
	 */
	public String messageId() {
		return this.original.messageId();
	}

	/**
	 * Return the actor name.
	 * @return the actor name
	 */
	public String actorName() {
		return this.original.actorName();
	}

	/**
	 * Return the queue name.
	 * @return the queue name
	 */
	public String queueName() {
		return this.original.queueName();
	}

	/**
	 * Return the message timestamp.
	 * @return the message timestamp
	 */
	public long messageTimestamp() {
		return this.original.messageTimestamp();
	}

	/**
	 * Return the timestamp in epoch milliseconds if it names a time.
	 * @return the time, or empty when another producer wrote something else
	 * @see Message#messageTimestampMillis()
	 */
	public OptionalLong messageTimestampMillis() {
		return this.original.messageTimestampMillis();
	}

	/**
	 * Return the timestamp as it travels.
	 * @return the value
	 * @see Message#messageTimestampValue()
	 */
	public Object messageTimestampValue() {
		return this.original.messageTimestampValue();
	}

	/**
	 * Return the args.
	 * @return the args
	 */
	public List<Object> args() {
		return this.original.args();
	}

	/**
	 * Return the kwargs.
	 * @return the kwargs
	 */
	public Map<String, Object> kwargs() {
		return this.original.kwargs();
	}

	/**
	 * Mark the message failed: it is dead-lettered instead of acked.
	 */
	public void fail() {
		this.failed = true;
	}

	/**
	 * Mark the message failed, to be dead-lettered with its current options, such as a
	 * {@code traceback} a middleware just wrote, rather than as it was delivered
	 * (Python's way, and what {@link #fail()} does). Brokers that cannot change a dead
	 * letter keep the delivered one.
	 */
	public void failWithCurrentOptions() {
		this.keepOptions = true;
		this.failed = true;
	}

	/**
	 * Return whether the message is dead-lettered with its current options.
	 * @return whether {@link #failWithCurrentOptions()} was called
	 */
	public boolean isFailedWithCurrentOptions() {
		return this.failed && this.keepOptions;
	}

	/**
	 * Return whether the message was marked failed.
	 * @return whether it failed
	 */
	public boolean isFailed() {
		return this.failed;
	}

	/**
	 * Return the exception of the last run.
	 * @return the exception, or {@code null}
	 */
	public Throwable exception() {
		return this.exception;
	}

	/**
	 * Record the exception of the run.
	 * @param exception the exception
	 */
	public void setException(Throwable exception) {
		this.exception = exception;
	}

	@Override
	public String toString() {
		return this.original.toString();
	}

}
