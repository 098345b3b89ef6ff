package io.dramatiq.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.dramatiq.message.Message;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Starts Dramatiq's observations; brokers and workers call it, applications configure
 * them instead ({@link io.dramatiq.broker.AbstractBroker#setObservationRegistry},
 * {@link io.dramatiq.worker.Worker#setObservationRegistry}). With a no-op registry, the
 * default, nothing is created at all.
 * <p>
 * The W3C trace context travels in two message options, {@value #TRACEPARENT} and
 * {@value #TRACESTATE}, whose names and values are those of the W3C Trace Context
 * headers. Python Dramatiq keeps options it does not know, so the context survives a
 * round trip through a Python worker, and a Python middleware may read and write the same
 * options to join the trace.
 */
public final class DramatiqObservations {

	/**
	 * The option holding the W3C {@code traceparent} of the span that sent the message.
	 */
	public static final String TRACEPARENT = "traceparent";

	/**
	 * The option holding the W3C {@code tracestate} that goes with {@value #TRACEPARENT},
	 * when there is one.
	 */
	public static final String TRACESTATE = "tracestate";

	// set while a worker moves a due delayed message to its queue
	private static final ThreadLocal<Boolean> unobserved = new ThreadLocal<>();

	private DramatiqObservations() {
	}

	/**
	 * Run an enqueue that puts a message back rather than sending it, such as a worker
	 * moving a delayed message to its queue when it is due: no {@code dramatiq.send}
	 * observation is made and the message keeps its trace context.
	 * @param <T> the result type
	 * @param enqueue the enqueue
	 * @return its result
	 */
	public static <T> T unobserved(Supplier<T> enqueue) {
		if (unobserved.get() != null) {
			return enqueue.get();
		}
		unobserved.set(Boolean.TRUE);
		try {
			return enqueue.get();
		}
		finally {
			unobserved.remove();
		}
	}

	private static boolean isResend(ObservationRegistry registry, Message message) {
		return unobserved.get() != null
				|| (registry.getCurrentObservation() == null && message.options().containsKey(TRACEPARENT));
	}

	/**
	 * Enqueue a message inside a {@code dramatiq.send} observation, with the trace
	 * context a tracing handler writes into its options. A message that already carries a
	 * {@value #TRACEPARENT} and is enqueued outside any observation is enqueued as it is:
	 * it is a traced message put back on a queue (a delayed message moved to its queue
	 * when due, a dead letter requeued), not a new send, and keeps its trace.
	 * @param registry the registry
	 * @param convention the application's convention, or {@code null} for the default
	 * @param message the message
	 * @param brokerType the broker's type
	 * @param enqueue writes the message and returns it as written
	 * @return the message as written
	 */
	public static Message send(ObservationRegistry registry, DramatiqSendObservationConvention convention,
			Message message, String brokerType, UnaryOperator<Message> enqueue) {
		if (registry.isNoop() || isResend(registry, message)) {
			return enqueue.apply(message);
		}
		DramatiqSendContext context = new DramatiqSendContext(message, brokerType);
		Observation observation = DramatiqObservationDocumentation.SEND.observation(convention,
				DefaultDramatiqSendObservationConvention.INSTANCE, () -> context, registry);
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			return enqueue.apply(context.getOutgoingMessage());
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Enqueue several messages at once, each inside its own {@code dramatiq.send}
	 * observation, as {@link #send} does for one. The observations are not in scope while
	 * the messages are written, and all of them record the error when the write fails.
	 * @param registry the registry
	 * @param convention the application's convention, or {@code null} for the default
	 * @param messages the messages
	 * @param brokerType the broker's type
	 * @param enqueueAll writes the messages and returns them as written
	 * @return the messages as written
	 */
	public static List<Message> sendAll(ObservationRegistry registry, DramatiqSendObservationConvention convention,
			List<Message> messages, String brokerType, UnaryOperator<List<Message>> enqueueAll) {
		if (registry.isNoop()) {
			return enqueueAll.apply(messages);
		}
		List<Observation> observations = new ArrayList<>(messages.size());
		List<Message> outgoing = new ArrayList<>(messages.size());
		for (Message message : messages) {
			if (isResend(registry, message)) {
				outgoing.add(message);
				continue;
			}
			DramatiqSendContext context = new DramatiqSendContext(message, brokerType);
			Observation observation = DramatiqObservationDocumentation.SEND.observation(convention,
					DefaultDramatiqSendObservationConvention.INSTANCE, () -> context, registry);
			observations.add(observation.start());
			outgoing.add(context.getOutgoingMessage());
		}
		try {
			return enqueueAll.apply(outgoing);
		}
		catch (RuntimeException | Error ex) {
			observations.forEach((observation) -> observation.error(ex));
			throw ex;
		}
		finally {
			observations.forEach(Observation::stop);
		}
	}

	/**
	 * Create the {@code dramatiq.process} observation of a delivered message, not yet
	 * started: {@link Observation#NOOP} with a no-op registry.
	 * @param registry the registry
	 * @param convention the application's convention, or {@code null} for the default
	 * @param message the message as delivered
	 * @param brokerType the broker's type
	 * @return the observation
	 */
	public static Observation process(ObservationRegistry registry, DramatiqProcessObservationConvention convention,
			Message message, String brokerType) {
		Objects.requireNonNull(message, "'message' must not be null");
		return DramatiqObservationDocumentation.PROCESS.observation(convention,
				DefaultDramatiqProcessObservationConvention.INSTANCE,
				() -> new DramatiqProcessContext(message, brokerType), registry);
	}

}
