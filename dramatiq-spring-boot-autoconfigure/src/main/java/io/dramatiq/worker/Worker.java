package io.dramatiq.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.dramatiq.Credentials;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.WorkerView;
import io.dramatiq.message.QueueNames;
import io.dramatiq.observation.DramatiqProcessObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes messages and runs their actors, as Python Dramatiq's {@code Worker}
 * ({@code dramatiq/worker.py}).
 * <p>
 * One consumer thread per queue and per delay queue feeds a single work queue ordered by
 * actor priority (lower first, then arrival); worker threads take messages from it, run
 * them through the middleware and the actor, then ack them, or nack them when they
 * failed. Nothing is acked before its actor finished. A graceful {@link #stop()} stops
 * fetching, lets running actors finish, and gives prefetched messages back to the broker.
 * <p>
 * With {@link WorkerOptions#virtualThreads()} (Java 21+) the worker threads are virtual
 * threads: {@link WorkerOptions#threads()} then says how many messages may run at once,
 * and can be in the hundreds for actors that mostly wait on I/O. Prefetch follows it, and
 * time limits and shutdown notifications interrupt virtual threads as they do platform
 * threads.
 */
public class Worker implements WorkerView {

	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	private final Broker broker;

	private final WorkerOptions options;

	private final MessageProcessor processor;

	private final PriorityBlockingQueue<WorkItem> workQueue = WorkItem.newQueue();

	private final AtomicLong sequence = new AtomicLong();

	private final Object monitor = new Object();

	private final List<ConsumerThread> consumers = new ArrayList<>();

	private final List<Thread> workerThreads = new ArrayList<>();

	private final Set<String> consumedQueues = new LinkedHashSet<>();

	private volatile boolean running;

	private volatile boolean processing;

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * Create a worker.
	 * @param broker the broker whose declared queues it consumes
	 * @param options the settings
	 */
	public Worker(Broker broker, WorkerOptions options) {
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		this.options = Objects.requireNonNull(options, "'options' must not be null");
		if (options.virtualThreads() && !VirtualThreads.isSupported()) {
			throw new IllegalStateException("The worker is set to run actors on virtual threads, which need Java 21"
					+ " or later; this is Java " + Runtime.version().feature() + ". Run on Java 21+ or turn"
					+ " virtual threads off.");
		}
		this.processor = new MessageProcessor(broker);
	}

	/**
	 * Create a worker with Python Dramatiq's default settings.
	 * @param broker the broker
	 */
	public Worker(Broker broker) {
		this(broker, WorkerOptions.defaults());
	}

	/**
	 * Observe every message a worker thread runs with this registry: a
	 * {@code dramatiq.process} observation around the middleware and the actor, in scope
	 * on the worker thread, which a tracing handler turns into a child span of the
	 * {@code traceparent} in the message's options (or a new trace when it has none) and
	 * whose trace and span ids a tracer puts in the logging context. Without it (or with
	 * {@link ObservationRegistry#NOOP}) nothing is observed.
	 * @param observationRegistry the registry
	 * @see io.dramatiq.observation.DramatiqObservations
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.processor.setObservationRegistry(
				Objects.requireNonNull(observationRegistry, "'observationRegistry' must not be null"));
	}

	/**
	 * Name and tag the {@code dramatiq.process} observations with this convention instead
	 * of the default one.
	 * @param processObservationConvention the convention, or {@code null} for the default
	 */
	public void setProcessObservationConvention(DramatiqProcessObservationConvention processObservationConvention) {
		this.processor.setObservationConvention(processObservationConvention);
	}

	/**
	 * Return the broker.
	 * @return the broker
	 */
	public Broker broker() {
		return this.broker;
	}

	/**
	 * Return the options.
	 * @return the options
	 */
	public WorkerOptions options() {
		return this.options;
	}

	/**
	 * Start consuming: one consumer thread per declared queue (or per whitelisted queue
	 * that is declared) and per delay queue, and the worker threads. Without a whitelist,
	 * a queue that only remote actors use is not consumed.
	 */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.broker.emitBefore("worker_boot", (m) -> m.beforeWorkerBoot(this.broker, this));
		this.running = true;
		this.processing = true;
		for (int i = 0; i < this.options.threads(); i++) {
			Thread thread = newWorkerThread("dramatiq-worker-" + i);
			this.workerThreads.add(thread);
			thread.start();
		}
		Set<String> remoteOnly = remoteOnlyQueues();
		for (String queueName : this.broker.queueNames()) {
			if (!this.options.queues().isEmpty() && !this.options.queues().contains(queueName)) {
				continue;
			}
			if (this.options.queues().isEmpty() && remoteOnly.contains(queueName)) {
				logger.info("Queue '{}' is not consumed: only actors of other services use it.", queueName);
				continue;
			}
			this.consumedQueues.add(queueName);
			startConsumer(queueName, this.options.effectiveQueuePrefetch());
			startConsumer(QueueNames.delay(queueName), this.options.effectiveDelayQueuePrefetch());
		}
		for (String whitelisted : this.options.queues()) {
			if (!this.consumedQueues.contains(whitelisted)) {
				logger.warn("Queue '{}' is listed in the worker's queues but no actor declares it; it is not consumed.",
						whitelisted);
			}
		}
		logger.info("Worker started with {} {}threads on queues {}.", this.options.threads(),
				this.options.virtualThreads() ? "virtual " : "", this.consumedQueues);
		this.broker.emitAfter("worker_boot", (m) -> m.afterWorkerBoot(this.broker, this));
	}

	/**
	 * Create a worker thread: a daemon platform thread, or a virtual thread (always a
	 * daemon) when the options ask for one.
	 */
	private Thread newWorkerThread(String name) {
		if (this.options.virtualThreads()) {
			return VirtualThreads.newThread(name, this::runWorkerThread);
		}
		Thread thread = new Thread(this::runWorkerThread, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Return the queues that only remote actors use: this worker could not run their
	 * messages, so it leaves them to the services those actors live in.
	 */
	private Set<String> remoteOnlyQueues() {
		Set<String> queues = new HashSet<>(this.broker.actors().remoteActors().values());
		queues.removeAll(this.broker.actors().queueNames());
		return queues;
	}

	private void startConsumer(String queueName, int prefetch) {
		ConsumerThread consumer = new ConsumerThread(this, queueName, prefetch, this.sequence);
		this.consumers.add(consumer);
		consumer.start();
	}

	void submit(WorkItem item) {
		this.inFlight.incrementAndGet();
		this.workQueue.add(item);
	}

	private void runWorkerThread() {
		Thread thread = Thread.currentThread();
		this.broker.emitAfter("worker_thread_boot", (m) -> m.afterWorkerThreadBoot(this.broker, thread));
		long pollMillis = this.options.workerTimeout().toMillis();
		while (this.processing) {
			WorkItem item;
			try {
				item = this.workQueue.poll(pollMillis, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				// interrupts are aimed at running actors (time limits, shutdown notices)
				continue;
			}
			if (item == null) {
				continue;
			}
			if (!this.processing) {
				this.workQueue.add(item);
				break;
			}
			try {
				this.processor.process(item.message(), item.actor());
				postProcess(item.message(), item.consumer());
			}
			finally {
				// clear an interrupt that arrived after the actor returned
				Thread.interrupted();
				finished();
			}
		}
		this.broker.emitBefore("worker_thread_shutdown", (m) -> m.beforeWorkerThreadShutdown(this.broker, thread));
	}

	private void finished() {
		// only the last one wakes joiners, so worker threads do not queue on the monitor
		if (this.inFlight.decrementAndGet() == 0) {
			synchronized (this.monitor) {
				this.monitor.notifyAll();
			}
		}
	}

	/**
	 * Ack a processed message, or nack it when it was marked failed, with the ack and
	 * nack hooks around it (Python's {@code post_process_message}).
	 */
	void postProcess(MessageProxy message, Consumer consumer) {
		try {
			if (message.isFailed()) {
				this.broker.emitBefore("nack", (m) -> m.beforeNack(this.broker, message));
				if (message.isFailedWithCurrentOptions()) {
					consumer.nack(message.delivery(), message.message(), message.exception());
				}
				else {
					consumer.nack(message.delivery(), message.exception());
				}
				this.broker.emitAfter("nack", (m) -> m.afterNack(this.broker, message));
			}
			else {
				this.broker.emitBefore("ack", (m) -> m.beforeAck(this.broker, message));
				consumer.ack(message.delivery());
				this.broker.emitAfter("ack", (m) -> m.afterAck(this.broker, message));
			}
		}
		catch (ConnectionException ex) {
			// the consumer reports the outage; the stack trace says nothing more
			logger.warn("Failed to {} message {} ({}); the broker will deliver it again.",
					message.isFailed() ? "nack" : "ack", message.messageId(), Credentials.redact(ex.getMessage()));
			logger.debug("The {} of message {} failed.", message.isFailed() ? "nack" : "ack", message.messageId(), ex);
		}
		catch (RuntimeException ex) {
			logger.error("Failed to {} message {}; the broker will deliver it again.",
					message.isFailed() ? "nack" : "ack", message.messageId(), ex);
		}
	}

	/**
	 * Stop gracefully within {@link WorkerOptions#shutdownTimeout()}.
	 */
	public void stop() {
		stop(this.options.shutdownTimeout());
	}

	/**
	 * Stop gracefully: stop fetching, let running actors finish (up to the timeout), give
	 * prefetched messages back to the broker and close the consumers. A message whose
	 * actor is still running after the timeout is left unacked, so the broker delivers it
	 * again.
	 * @param timeout how long to wait for running actors
	 */
	public synchronized void stop(Duration timeout) {
		if (!this.running) {
			return;
		}
		logger.info("Worker is shutting down.");
		this.broker.emitBefore("worker_shutdown", (m) -> m.beforeWorkerShutdown(this.broker, this));
		for (ConsumerThread consumer : this.consumers) {
			consumer.stopConsuming();
		}
		this.processing = false;
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean interrupted = false;
		for (Thread thread : this.workerThreads) {
			try {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
			if (thread.isAlive()) {
				logger.warn("Worker thread {} is still running after {}; its message will be delivered again.",
						thread.getName(), timeout);
			}
		}
		for (ConsumerThread consumer : this.consumers) {
			try {
				consumer.join(this.options.workerTimeout().plusSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		requeueWorkQueue();
		for (ConsumerThread consumer : this.consumers) {
			consumer.close();
		}
		this.consumers.clear();
		this.workerThreads.clear();
		this.consumedQueues.clear();
		this.running = false;
		this.broker.emitAfter("worker_shutdown", (m) -> m.afterWorkerShutdown(this.broker, this));
		logger.info("Worker has shut down.");
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private void requeueWorkQueue() {
		List<WorkItem> pending = new ArrayList<>();
		this.workQueue.drainTo(pending);
		Map<Consumer, List<Delivery>> byConsumer = new LinkedHashMap<>();
		pending.sort(WorkItem.ORDER.thenComparingLong(WorkItem::sequence));
		for (WorkItem item : pending) {
			byConsumer.computeIfAbsent(item.consumer(), (c) -> new ArrayList<>()).add(item.message().delivery());
		}
		for (Map.Entry<Consumer, List<Delivery>> entry : byConsumer.entrySet()) {
			try {
				entry.getKey().requeue(entry.getValue());
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to give {} prefetched messages back; the broker will deliver them again.",
						entry.getValue().size(), ex);
			}
		}
		if (this.inFlight.addAndGet(-pending.size()) == 0) {
			synchronized (this.monitor) {
				this.monitor.notifyAll();
			}
		}
		if (!pending.isEmpty()) {
			logger.info("Gave {} prefetched messages back to the broker.", pending.size());
		}
	}

	/**
	 * Wait until every message handed to the worker threads was processed and acked or
	 * nacked (Python's {@code worker.join()}).
	 */
	public void join() {
		join(null);
	}

	/**
	 * Wait until every message handed to the worker threads was processed and acked or
	 * nacked.
	 * @param timeout how long to wait, or {@code null} to wait forever
	 * @return whether the worker became idle in time
	 */
	public boolean join(Duration timeout) {
		long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : Long.MAX_VALUE;
		synchronized (this.monitor) {
			while (this.inFlight.get() > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.monitor,
							Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	/**
	 * Return whether the worker was started and not stopped.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the canonical queues this worker consumes (each with its delay queue).
	 * @return the queue names
	 */
	@Override
	public synchronized Set<String> consumedQueues() {
		return Set.copyOf(this.consumedQueues);
	}

	/**
	 * Return the worker threads, for middleware that interrupts running actors.
	 * @return the threads
	 */
	@Override
	public synchronized List<Thread> workerThreads() {
		return List.copyOf(this.workerThreads);
	}

}
