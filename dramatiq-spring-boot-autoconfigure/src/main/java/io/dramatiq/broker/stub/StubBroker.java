package io.dramatiq.broker.stub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.dramatiq.broker.AbstractBroker;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.broker.QueueJoinTimeoutException;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.message.QueueNames;
import io.dramatiq.schedule.LocalScheduleLock;
import io.dramatiq.schedule.ScheduleLock;

/**
 * An in-memory broker for tests and local runs, as Python Dramatiq's {@code StubBroker}
 * ({@code dramatiq/brokers/stub.py}). Messages are stored encoded, so encoding problems
 * show up in tests; delayed messages go through {@code Q.DQ}; dead-lettered messages are
 * kept in memory with the exception that sent them there.
 * <p>
 * In a test, send messages and then {@link #join(String, Duration, boolean) join} the
 * queue: with fail-fast on, the exception of a dead-lettered message is rethrown in the
 * test thread.
 */
public class StubBroker extends AbstractBroker {

	private final Object monitor = new Object();

	private final Map<String, StubQueue> queues = new ConcurrentHashMap<>();

	private final Map<String, List<DeadLetter>> deadLetters = new ConcurrentHashMap<>();

	private final DeadLetterQueues deadLetterQueues = new StubDeadLetterQueues();

	private final LocalScheduleLock scheduleLock = new LocalScheduleLock();

	/**
	 * Create a stub broker with the default JSON encoder.
	 */
	public StubBroker() {
		this(new JsonMessageEncoder());
	}

	/**
	 * Create a stub broker.
	 * @param encoder the encoder
	 */
	public StubBroker(MessageEncoder encoder) {
		super(encoder);
	}

	@Override
	public String type() {
		return "stub";
	}

	/**
	 * Return this broker's {@link ScheduleLock}, in memory: the applications that share
	 * this broker share it, so each tick of a periodic actor is enqueued once.
	 * @return the lock, the same every time
	 */
	public ScheduleLock scheduleLock() {
		return this.scheduleLock;
	}

	@Override
	protected void doDeclareQueue(String queueName) {
		this.queues.putIfAbsent(queueName, new StubQueue(this.monitor));
		this.queues.putIfAbsent(QueueNames.delay(queueName), new StubQueue(this.monitor));
	}

	@Override
	protected Message doEnqueue(Message message) {
		queue(message.queueName()).put(encoder().encode(message));
		return message;
	}

	/**
	 * Put a raw body on a queue as a foreign producer would, for tests of undecodable or
	 * hand-written messages.
	 * @param queueName the queue ({@code Q} or {@code Q.DQ})
	 * @param body the body
	 */
	public void enqueueRaw(String queueName, byte[] body) {
		queue(queueName).put(body);
	}

	@Override
	public Consumer consume(String queueName, int prefetch, Duration timeout) {
		return new StubConsumer(this, queueName, queue(queueName), prefetch, timeout.toMillis());
	}

	private StubQueue queue(String queueName) {
		StubQueue queue = this.queues.get(queueName);
		if (queue == null) {
			throw new QueueNotFoundException(queueName);
		}
		return queue;
	}

	void addDeadLetter(String queueName, Message message, Throwable cause) {
		List<DeadLetter> list = this.deadLetters.computeIfAbsent(QueueNames.canonical(queueName),
				(q) -> new ArrayList<>());
		synchronized (list) {
			list.add(new DeadLetter(message, cause));
		}
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	/**
	 * Wait, forever, until a queue and its delay queue have no unfinished message,
	 * failing fast.
	 * @param queueName the canonical queue name
	 */
	public void join(String queueName) {
		join(queueName, null, true);
	}

	/**
	 * Wait until a queue and its delay queue have no unfinished message, failing fast.
	 * @param queueName the canonical queue name
	 * @param timeout how long to wait, or {@code null} to wait forever
	 */
	public void join(String queueName, Duration timeout) {
		join(queueName, timeout, true);
	}

	/**
	 * Wait until a queue and its delay queue have no unfinished message: every message,
	 * including delayed and retried ones, was acked or dead-lettered.
	 * @param queueName the canonical queue name
	 * @param timeout how long to wait, or {@code null} to wait forever
	 * @param failFast whether to rethrow, in the calling thread, the exception of a
	 * message of this queue that was dead-lettered (Python's {@code fail_fast}, on by
	 * default)
	 * @throws QueueJoinTimeoutException if the queue did not drain in time
	 */
	public void join(String queueName, Duration timeout, boolean failFast) {
		queue(queueName);
		queue(QueueNames.delay(queueName));
		await(List.of(queueName), timeout, failFast);
	}

	/**
	 * Wait, forever, until every declared queue has no unfinished message, failing fast.
	 */
	public void joinAll() {
		joinAll(null, true);
	}

	/**
	 * Wait until every declared queue and its delay queue have no unfinished message at
	 * the same time, so that a message one actor sends to another queue is waited for
	 * too.
	 * @param timeout how long to wait, or {@code null} to wait forever
	 * @param failFast whether to rethrow, in the calling thread, the exception of a
	 * message of any queue that was dead-lettered
	 * @throws QueueJoinTimeoutException if the queues did not drain in time
	 */
	public void joinAll(Duration timeout, boolean failFast) {
		await(null, timeout, failFast);
	}

	private void await(List<String> only, Duration timeout, boolean failFast) {
		long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : Long.MAX_VALUE;
		synchronized (this.monitor) {
			while (true) {
				List<String> queueNames = (only != null) ? only : canonicalQueueNames();
				if (failFast) {
					queueNames.forEach(this::rethrowDeadLetter);
				}
				List<String> busy = queueNames.stream().filter((name) -> !drained(name)).toList();
				if (busy.isEmpty()) {
					return;
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new QueueJoinTimeoutException(busy);
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.monitor,
							Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					String what = (only != null) ? "queue '" + only.get(0) + "'" : "queues " + busy;
					throw new BrokerException("Interrupted while joining " + what + ".", ex);
				}
			}
		}
	}

	private List<String> canonicalQueueNames() {
		return this.queues.keySet().stream().filter((name) -> !QueueNames.isDelay(name)).sorted().toList();
	}

	private boolean drained(String queueName) {
		StubQueue queue = queue(queueName);
		StubQueue delayQueue = queue(QueueNames.delay(queueName));
		// check the queue again after its delay queue: a due delayed message moves from
		// Q.DQ to Q before it is acked on Q.DQ
		return queue.unfinished() == 0 && delayQueue.unfinished() == 0 && queue.unfinished() == 0;
	}

	private void rethrowDeadLetter(String queueName) {
		List<DeadLetter> letters = deadLetters(queueName);
		if (letters.isEmpty()) {
			return;
		}
		DeadLetter first = letters.get(0);
		if (first.exception() != null) {
			throw StubBroker.<RuntimeException>sneakyThrow(first.exception());
		}
		throw new BrokerException("Message " + first.message() + " was dead-lettered.");
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> T sneakyThrow(Throwable exception) throws T {
		throw (T) exception;
	}

	/**
	 * Return every dead-lettered message, of every queue.
	 * @return the dead letters
	 */
	public List<DeadLetter> deadLetters() {
		List<DeadLetter> all = new ArrayList<>();
		for (String queueName : this.deadLetters.keySet()) {
			all.addAll(deadLetters(queueName));
		}
		return all;
	}

	/**
	 * Return the dead-lettered messages of a queue.
	 * @param queueName the canonical queue name
	 * @return the dead letters, oldest first
	 */
	public List<DeadLetter> deadLetters(String queueName) {
		List<DeadLetter> list = this.deadLetters.get(QueueNames.canonical(queueName));
		if (list == null) {
			return List.of();
		}
		synchronized (list) {
			return List.copyOf(list);
		}
	}

	@Override
	public QueueCounts queueCounts(String queueName) {
		return new QueueCounts(queue(queueName).size(), queue(QueueNames.delay(queueName)).size(),
				deadLetters(queueName).size());
	}

	@Override
	public void flush(String queueName) {
		queue(queueName).flush();
		queue(QueueNames.delay(queueName)).flush();
	}

	/**
	 * Drop every queued message and every dead letter.
	 */
	@Override
	public void flushAll() {
		for (StubQueue queue : this.queues.values()) {
			queue.flush();
		}
		this.deadLetters.clear();
	}

	@Override
	public Optional<DeadLetterQueues> deadLetterQueues() {
		return Optional.of(this.deadLetterQueues);
	}

	@Override
	public void close() {
	}

	/**
	 * The in-memory dead letters as {@link DeadLetterQueues}. Letters whose body could
	 * not be decoded are neither listed nor requeued, but purged.
	 */
	private final class StubDeadLetterQueues implements DeadLetterQueues {

		@Override
		public List<Message> list(String queueName, int offset, int limit) {
			return letters(queueName).stream()
				.map(DeadLetter::message)
				.filter(Objects::nonNull)
				.skip(Math.max(0, offset))
				.limit(Math.max(0, limit))
				.toList();
		}

		@Override
		public boolean requeue(String queueName, String messageId) {
			return requeue(queueName, (message) -> message.messageId().equals(messageId)) > 0;
		}

		@Override
		public int requeueAll(String queueName) {
			return requeue(queueName, (message) -> true);
		}

		private int requeue(String queueName, Predicate<Message> selected) {
			List<Message> taken = new ArrayList<>();
			List<DeadLetter> list = deadLetterList(queueName);
			synchronized (list) {
				list.removeIf((letter) -> {
					if (letter.message() != null && selected.test(letter.message())) {
						taken.add(letter.message());
						return true;
					}
					return false;
				});
			}
			taken.forEach((message) -> enqueue(DeadLetterQueues.revive(message)));
			return taken.size();
		}

		@Override
		public int purge(String queueName) {
			List<DeadLetter> list = deadLetterList(queueName);
			synchronized (list) {
				int size = list.size();
				list.clear();
				return size;
			}
		}

		private List<DeadLetter> letters(String queueName) {
			deadLetterList(queueName);
			return deadLetters(queueName);
		}

		private List<DeadLetter> deadLetterList(String queueName) {
			String canonical = QueueNames.canonical(queueName);
			if (!isDeclared(canonical)) {
				throw new QueueNotFoundException(canonical);
			}
			return StubBroker.this.deadLetters.computeIfAbsent(canonical, (q) -> new ArrayList<>());
		}

	}

	/**
	 * A dead-lettered message and the exception that sent it there.
	 *
	 * @param message the message, or {@code null} if its body could not be decoded
	 * @param exception the exception, or {@code null}
	 */
	public record DeadLetter(Message message, Throwable exception) {
	}

}
