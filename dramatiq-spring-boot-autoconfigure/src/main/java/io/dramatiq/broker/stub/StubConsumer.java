package io.dramatiq.broker.stub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.message.DecodeException;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;

/**
 * Consumer of a {@link StubQueue}; a semaphore keeps at most {@code prefetch} deliveries
 * outstanding, as in Python's stub broker.
 */
final class StubConsumer implements Consumer {

	private final StubBroker broker;

	private final String queueName;

	private final StubQueue queue;

	private final MessageEncoder encoder;

	private final Semaphore prefetch;

	private final long timeoutMillis;

	private final Set<Delivery> outstanding = ConcurrentHashMap.newKeySet();

	StubConsumer(StubBroker broker, String queueName, StubQueue queue, int prefetch, long timeoutMillis) {
		this.broker = broker;
		this.queueName = queueName;
		this.queue = queue;
		this.encoder = broker.encoder();
		this.prefetch = new Semaphore(prefetch);
		this.timeoutMillis = timeoutMillis;
	}

	@Override
	public Delivery next(long maxWaitMillis) throws InterruptedException {
		long waitMillis = Math.max(0, Math.min(this.timeoutMillis, maxWaitMillis));
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
		if (!this.prefetch.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
			return null;
		}
		long remaining = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
		byte[] body = this.queue.poll(remaining);
		if (body == null) {
			this.prefetch.release();
			return null;
		}
		Delivery delivery = decode(body);
		this.outstanding.add(delivery);
		return delivery;
	}

	private Delivery decode(byte[] body) {
		try {
			return new Delivery(this.queueName, body, this.encoder.decode(body));
		}
		catch (DecodeException ex) {
			return new Delivery(this.queueName, body, ex);
		}
	}

	@Override
	public void ack(Delivery delivery) {
		if (this.outstanding.remove(delivery)) {
			this.prefetch.release();
			this.queue.taskDone();
		}
	}

	@Override
	public void nack(Delivery delivery, Throwable cause) {
		nack(delivery, delivery.message(), cause);
	}

	@Override
	public void nack(Delivery delivery, Message deadLetter, Throwable cause) {
		if (this.outstanding.remove(delivery)) {
			this.broker.addDeadLetter(this.queueName, deadLetter, cause);
			this.prefetch.release();
			this.queue.taskDone();
		}
	}

	@Override
	public void requeue(Collection<? extends Delivery> deliveries) {
		List<byte[]> bodies = new ArrayList<>();
		for (Delivery delivery : deliveries) {
			if (this.outstanding.remove(delivery)) {
				bodies.add(delivery.body());
				this.prefetch.release();
			}
		}
		this.queue.putBack(bodies);
	}

	@Override
	public void close() {
		requeue(List.copyOf(this.outstanding));
	}

}
