package io.dramatiq.worker;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.dramatiq.RetryException;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.actor.ArgumentBindingException;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.message.PythonRepr;
import io.dramatiq.middleware.ExceptionTypes;
import io.dramatiq.middleware.Interrupts;
import io.dramatiq.middleware.SkipMessageException;
import io.dramatiq.observation.DramatiqObservations;
import io.dramatiq.observation.DramatiqProcessObservationConvention;
import io.dramatiq.ratelimit.RateLimitExceededException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one message on a worker thread, as Python's {@code _WorkerThread.process_message}:
 * middleware {@code beforeProcessMessage}, the actor, {@code afterProcessMessage} (or
 * {@code afterSkipMessage}), with the message id in the logging context. Logs "Received
 * args=... kwargs=..." and "Completed after N ms" at DEBUG and failures at ERROR. An
 * {@link Interrupts.Run} is open while it runs, so middleware can interrupt the actor; a
 * failure after such an interruption is reported as the interruption. The whole run is
 * one {@code dramatiq.process} observation, in scope on the worker thread, so that a
 * tracer continues the message's trace and puts its ids in the logging context.
 */
final class MessageProcessor {

	/** MDC key of the message being processed. */
	static final String MDC_MESSAGE_ID = "dramatiq_message_id";

	/** MDC key of the actor being run. */
	static final String MDC_ACTOR_NAME = "dramatiq_actor_name";

	/**
	 * Prefix of the per-actor loggers that log "Received args=..." and "Completed after
	 * ..." at DEBUG, as Python's actor loggers do.
	 */
	static final String ACTOR_LOGGER_PREFIX = "io.dramatiq.actor.";

	private static final Logger logger = LoggerFactory.getLogger(MessageProcessor.class);

	private final Broker broker;

	// looked up once per actor, not per message
	private final Map<String, Logger> actorLoggers = new ConcurrentHashMap<>();

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile DramatiqProcessObservationConvention observationConvention;

	MessageProcessor(Broker broker) {
		this.broker = broker;
	}

	void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	void setObservationConvention(DramatiqProcessObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	void process(MessageProxy message, ActorDefinition actor) {
		Observation observation = DramatiqObservations.process(this.observationRegistry, this.observationConvention,
				message.delivery().message(), this.broker.type());
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			process(message, actor, observation);
		}
		finally {
			observation.stop();
		}
	}

	private void process(MessageProxy message, ActorDefinition actor, Observation observation) {
		MDC.put(MDC_MESSAGE_ID, message.messageId());
		MDC.put(MDC_ACTOR_NAME, message.actorName());
		// middleware such as TimeLimit interrupt the actor through its run
		Interrupts.Run run = Interrupts.begin(message.messageId());
		try {
			this.broker.emitBefore("process_message", (m) -> m.beforeProcessMessage(this.broker, message));
			Object result = null;
			if (!message.isFailed()) {
				Logger actorLogger = this.actorLoggers.computeIfAbsent(actor.actorName(),
						(name) -> LoggerFactory.getLogger(ACTOR_LOGGER_PREFIX + name));
				if (actorLogger.isDebugEnabled()) {
					actorLogger.debug("Received args={} kwargs={}.", PythonRepr.tuple(message.args()),
							PythonRepr.repr(message.kwargs()));
				}
				long start = System.nanoTime();
				// only a raw function gets the message, so the others need no copy of it
				ActorFunction function = actor.function();
				result = function.isRaw() ? function.call(message.message())
						: function.call(message.args(), message.kwargs());
				run.finish(null);
				if (actorLogger.isDebugEnabled()) {
					actorLogger.debug("Completed after {}ms.",
							String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e6));
				}
			}
			Object finalResult = result;
			this.broker.emitAfter("process_message",
					(m) -> m.afterProcessMessage(this.broker, message, finalResult, null));
		}
		catch (SkipMessageException ex) {
			run.finish(null);
			logger.warn("Message {} was skipped: {}", message.messageId(), ex.getMessage());
			if (message.isFailed()) {
				message.setException(ex);
			}
			this.broker.emitAfter("skip_message", (m) -> m.afterSkipMessage(this.broker, message));
		}
		catch (Throwable ex) {
			// an interrupted actor fails with the interruption (TimeLimitExceeded,
			// Shutdown)
			Throwable failure = run.finish(ex);
			message.setException(failure);
			observation.error(failure);
			logFailure(message, actor, failure);
			this.broker.emitAfter("process_message", (m) -> m.afterProcessMessage(this.broker, message, null, failure));
		}
		finally {
			Interrupts.end(run);
			MDC.remove(MDC_MESSAGE_ID);
			MDC.remove(MDC_ACTOR_NAME);
		}
	}

	private void logFailure(MessageProxy message, ActorDefinition actor, Throwable ex) {
		if (ex instanceof RateLimitExceededException) {
			// routine for a rate-limited actor: Retries tries again after its backoff
			logger.debug("Rate limit exceeded in message {}: {}.", message, ex.getMessage());
		}
		else if (isThrows(actor, ex)) {
			logger.info("Failed to process message {} with expected exception {}.", message, ex.getClass().getName());
		}
		else if (ex instanceof ArgumentBindingException) {
			// the reason says it all; the stack would only show the binding
			logger.error("Failed to process message {}: {}", message, ex.getMessage());
		}
		else if (ex instanceof RetryException) {
			logger.debug("Message {} asked to be retried.", message);
		}
		else {
			logger.error("Failed to process message {} with unhandled exception.", message, ex);
		}
	}

	/** Whether the actor lists the exception in its {@code throws} option. */
	private static boolean isThrows(ActorDefinition actor, Throwable ex) {
		return ExceptionTypes.matches(actor.option("throws"), ex);
	}

}
