package io.dramatiq.middleware;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.WorkerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interrupts actors that asked for it when their worker shuts down, as Python Dramatiq's
 * {@code ShutdownNotifications} ({@code dramatiq/middleware/shutdown.py}).
 * <p>
 * Whether a message is notified is the message option {@code notify_shutdown} when not
 * null, else the actor option when not null, else this middleware's default (false). When
 * the worker starts shutting down, the threads running notified messages are interrupted
 * (see {@link Interrupts}): the actor fails with a {@link ShutdownException} (type
 * {@code Shutdown}), an ordinary failure that {@link Retries} re-enqueues. Other messages
 * are allowed to finish. Like {@link TimeLimit}, this is best effort: code that ignores
 * interrupts keeps running; long loops can call {@link Interrupts#check()}.
 */
public class ShutdownNotifications implements Middleware {

	/** The option saying whether a message is interrupted on shutdown. */
	public static final String NOTIFY_SHUTDOWN = "notify_shutdown";

	/** Python's default: messages are not interrupted. */
	public static final boolean DEFAULT_NOTIFY_SHUTDOWN = false;

	/** The actor options this middleware reads, with Python's defaults (spec §12.2). */
	static final List<OptionSpec> OPTION_SPECS = List
		.of(new OptionSpec(NOTIFY_SHUTDOWN, Kind.BOOLEAN, DEFAULT_NOTIFY_SHUTDOWN, "ShutdownNotifications"));

	private static final Logger logger = LoggerFactory.getLogger(ShutdownNotifications.class);

	private final boolean notifyShutdown;

	private final Set<Interrupts.Run> notified = ConcurrentHashMap.newKeySet();

	/**
	 * Create the middleware with Python's default: no notification.
	 */
	public ShutdownNotifications() {
		this(DEFAULT_NOTIFY_SHUTDOWN);
	}

	/**
	 * Create the middleware.
	 * @param notifyShutdown whether messages whose actor and message say nothing are
	 * interrupted
	 */
	public ShutdownNotifications(boolean notifyShutdown) {
		this.notifyShutdown = notifyShutdown;
	}

	/**
	 * Return the default.
	 * @return whether messages are interrupted unless they say otherwise
	 */
	public boolean notifyShutdown() {
		return this.notifyShutdown;
	}

	@Override
	public Set<String> actorOptions() {
		return OptionSpecs.names(OPTION_SPECS);
	}

	@Override
	public List<OptionSpec> actorOptionSpecs() {
		return OPTION_SPECS;
	}

	@Override
	public void beforeProcessMessage(Broker broker, MessageProxy message) {
		if (shouldNotify(broker, message)) {
			Interrupts.current().ifPresent(this.notified::add);
		}
	}

	private boolean shouldNotify(Broker broker, MessageProxy message) {
		Object value = message.options().get(NOTIFY_SHUTDOWN);
		if (value == null) {
			value = Options.actorOptions(broker, message).get(NOTIFY_SHUTDOWN);
		}
		return (value != null) ? Options.isTruthy(value) : this.notifyShutdown;
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		Interrupts.current().ifPresent(this.notified::remove);
	}

	@Override
	public void afterSkipMessage(Broker broker, MessageProxy message) {
		Interrupts.current().ifPresent(this.notified::remove);
	}

	@Override
	public void beforeWorkerShutdown(Broker broker, WorkerView worker) {
		List<Thread> threads = worker.workerThreads();
		for (Interrupts.Run run : this.notified) {
			if (threads.contains(run.thread()) && run.interrupt(new ShutdownException(
					"Worker is shutting down; message '" + run.messageId() + "' was interrupted."))) {
				logger.info("Worker shutdown notification. Interrupting worker thread {} running message '{}'.",
						run.thread().getName(), run.messageId());
			}
		}
	}

}
