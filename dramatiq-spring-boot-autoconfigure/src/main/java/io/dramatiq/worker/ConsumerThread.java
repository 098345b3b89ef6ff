package io.dramatiq.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorNotFoundException;
import io.dramatiq.broker.AbstractBroker;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import io.dramatiq.observation.DramatiqObservations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one queue for the worker (Python's {@code _ConsumerThread}): decodes deliveries,
 * holds delayed messages until their {@code eta} and moves them to the canonical queue
 * when it comes (the wait for the next delivery ends then, not at the worker timeout),
 * and hands ready messages to the work queue. A bad body or an unknown actor is
 * dead-lettered and the loop goes on; a broken connection restarts the consumer after the
 * restart delay, which doubles with each failure in a row up to the maximum restart delay
 * (see {@link ConsumerRestarts}).
 */
final class ConsumerThread extends Thread {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerThread.class);

	private final Worker worker;

	private final Broker broker;

	private final String queueName;

	private final int prefetch;

	private final WorkerOptions options;

	private final AtomicLong sequence;

	private final PriorityQueue<Held> delayed = new PriorityQueue<>(Held.ORDER);

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final ConsumerRestarts restarts;

	private volatile boolean running = true;

	private volatile Consumer consumer;

	private long heldSequence;

	ConsumerThread(Worker worker, String queueName, int prefetch, AtomicLong sequence) {
		super("dramatiq-consumer-" + queueName);
		setDaemon(true);
		this.worker = worker;
		this.broker = worker.broker();
		this.queueName = queueName;
		this.prefetch = prefetch;
		this.options = worker.options();
		this.sequence = sequence;
		this.restarts = new ConsumerRestarts(queueName, this.options.restartDelay(), this.options.maxRestartDelay());
	}

	String queueName() {
		return this.queueName;
	}

	@Override
	public void run() {
		this.broker.emitAfter("consumer_thread_boot", (m) -> m.afterConsumerThreadBoot(this.broker, this));
		while (this.running) {
			try {
				this.consumer = this.broker.consume(this.queueName, this.prefetch, this.options.workerTimeout());
				// a broker checks its connection when it opens a consumer
				this.restarts.consuming();
				consume();
			}
			catch (ConnectionException ex) {
				// the broker returns unacked deliveries itself when the connection drops
				long delay = this.restarts.connectionLost(ex);
				synchronized (this.delayed) {
					this.delayed.clear();
				}
				closeQuietly();
				pauseBeforeRestart(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				long delay = this.restarts.failed(ex);
				returnDelayed();
				closeQuietly();
				pauseBeforeRestart(delay);
			}
		}
		this.broker.emitBefore("consumer_thread_shutdown", (m) -> m.beforeConsumerThreadShutdown(this.broker, this));
	}

	private void consume() throws InterruptedException {
		while (this.running) {
			// wait no longer than until the earliest held message is due, so it moves
			// at its eta rather than at the end of the consumer's timeout
			Delivery delivery = this.consumer.next(millisUntilEarliestEta());
			if (delivery != null) {
				handle(delivery);
			}
			moveDueMessages();
		}
	}

	private void handle(Delivery delivery) {
		Message message = delivery.message();
		if (message == null) {
			logger.error("Could not decode a message from queue '{}'; moving it to the dead-letter queue.",
					this.queueName, delivery.decodeError());
			this.consumer.nack(delivery, delivery.decodeError());
			return;
		}
		MessageProxy proxy = new MessageProxy(delivery);
		Long eta = eta(proxy);
		if (eta != null) {
			synchronized (this.delayed) {
				this.delayed.add(new Held(eta, this.heldSequence++, proxy));
			}
			this.broker.emitBefore("delay_message", (m) -> m.beforeDelayMessage(this.broker, proxy));
			return;
		}
		ActorDefinition actor = this.broker.actors().find(message.actorName()).orElse(null);
		if (actor == null) {
			ActorNotFoundException error = new ActorNotFoundException("Actor '" + message.actorName()
					+ "' is not registered in this process; message " + message.messageId() + " from queue '"
					+ this.queueName + "' was moved to the dead-letter queue. Declare the actor on this worker"
					+ " or keep its messages on a queue this worker does not consume.");
			logger.error(error.getMessage());
			proxy.setException(error);
			proxy.fail();
			this.worker.postProcess(proxy, this.consumer);
			return;
		}
		this.worker
			.submit(new WorkItem(actor.priority(), this.sequence.getAndIncrement(), proxy, actor, this.consumer));
	}

	/**
	 * Read {@code options.eta} as Python does: {@code null} removes it, a value that is
	 * not a number means "now".
	 */
	private static Long eta(MessageProxy proxy) {
		if (!proxy.options().containsKey(AbstractBroker.ETA)) {
			return null;
		}
		Object eta = proxy.options().get(AbstractBroker.ETA);
		if (eta == null) {
			proxy.options().remove(AbstractBroker.ETA);
			return null;
		}
		if (eta instanceof Number number) {
			return number.longValue();
		}
		logger.warn("Message {} has a non-numeric eta {}; running it now.", proxy.messageId(), eta);
		long now = System.currentTimeMillis();
		proxy.options().put(AbstractBroker.ETA, now);
		return now;
	}

	private long millisUntilEarliestEta() {
		synchronized (this.delayed) {
			Held first = this.delayed.peek();
			return (first != null) ? Math.max(0, first.eta - System.currentTimeMillis()) : Long.MAX_VALUE;
		}
	}

	private void moveDueMessages() {
		long now = System.currentTimeMillis();
		while (true) {
			Held due;
			synchronized (this.delayed) {
				Held first = this.delayed.peek();
				if (first == null || first.eta > now) {
					return;
				}
				due = this.delayed.poll();
			}
			Message message = due.message.message();
			// a move, not a send: the message keeps its trace context
			DramatiqObservations.unobserved(() -> this.broker.enqueue(message.withoutOption(AbstractBroker.ETA)
				.withQueueName(QueueNames.canonical(message.queueName()))));
			this.worker.postProcess(due.message, this.consumer);
		}
	}

	private void returnDelayed() {
		List<Delivery> held = new ArrayList<>();
		synchronized (this.delayed) {
			for (Held entry : this.delayed) {
				held.add(entry.message.delivery());
			}
			this.delayed.clear();
		}
		if (!held.isEmpty() && this.consumer != null) {
			this.consumer.requeue(held);
		}
	}

	int heldCount() {
		synchronized (this.delayed) {
			return this.delayed.size();
		}
	}

	private void pauseBeforeRestart(long delayMillis) {
		try {
			this.stopped.await(delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	/**
	 * Stop fetching; the consumer stays open so acks of running messages still go
	 * through.
	 */
	void stopConsuming() {
		this.running = false;
		this.stopped.countDown();
	}

	/**
	 * Hand held delayed messages back and close the consumer. Call after the thread
	 * ended.
	 */
	void close() {
		returnDelayed();
		closeQuietly();
	}

	private void closeQuietly() {
		Consumer current = this.consumer;
		this.consumer = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (RuntimeException ex) {
				// the consumer is being replaced, most often because its connection broke
				logger.debug("Failed to close the consumer of queue '{}'.", this.queueName, ex);
			}
		}
	}

	private record Held(long eta, long sequence, MessageProxy message) {

		static final Comparator<Held> ORDER = Comparator.comparingLong(Held::eta).thenComparingLong(Held::sequence);

	}

}
