package io.dramatiq.observation;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.context.slf4j.MDCScopeDecorator;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real tracer for tests, set up as Spring Boot sets up Brave: W3C propagation, 128-bit
 * trace ids, every trace sampled, the trace and span ids in the MDC ({@code traceId},
 * {@code spanId}) while a span is in scope, and Micrometer's tracing handlers on an
 * observation registry. Finished spans are kept in memory.
 */
public final class TestTracing implements AutoCloseable {

	private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

	private final Tracing tracing;

	private final ObservationRegistry registry = ObservationRegistry.create();

	/**
	 * Create a tracer and its observation registry.
	 */
	public TestTracing() {
		ThreadLocalCurrentTraceContext context = ThreadLocalCurrentTraceContext.newBuilder()
			.addScopeDecorator(MDCScopeDecorator.get())
			.build();
		BraveBaggageManager baggage = new BraveBaggageManager();
		this.tracing = Tracing.newBuilder()
			.currentTraceContext(context)
			.propagationFactory(new W3CPropagation(baggage, List.of()))
			.traceId128Bit(true)
			.sampler(Sampler.ALWAYS_SAMPLE)
			.addSpanHandler(new SpanHandler() {

				@Override
				public boolean end(TraceContext traceContext, MutableSpan span, Cause cause) {
					TestTracing.this.spans.add(span);
					return true;
				}

			})
			.build();
		Tracer tracer = new BraveTracer(this.tracing.tracer(), new BraveCurrentTraceContext(context), baggage);
		BravePropagator propagator = new BravePropagator(this.tracing);
		this.registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
	}

	/**
	 * Return the registry whose observations become spans.
	 * @return the registry
	 */
	public ObservationRegistry registry() {
		return this.registry;
	}

	/**
	 * Return the finished spans.
	 * @return the spans, in the order they finished
	 */
	public List<MutableSpan> spans() {
		return this.spans;
	}

	/**
	 * Return the finished spans of a name.
	 * @param name the span name, such as {@code "count_words send"}
	 * @return the spans, in the order they finished
	 */
	public List<MutableSpan> spans(String name) {
		return this.spans.stream().filter((span) -> name.equals(span.name())).toList();
	}

	/**
	 * Return the finished spans of a name in the order they started.
	 * @param name the span name
	 * @return the spans
	 */
	public List<MutableSpan> spansByStart(String name) {
		return spans(name).stream().sorted(Comparator.comparingLong(MutableSpan::startTimestamp)).toList();
	}

	/**
	 * Return the one finished span of a name.
	 * @param name the span name
	 * @return the span
	 */
	public MutableSpan span(String name) {
		List<MutableSpan> found = spans(name);
		assertThat(found).as("spans named '%s' among %s", name, this.spans).hasSize(1);
		return found.get(0);
	}

	/**
	 * Return the W3C {@code traceparent} that names a sampled span.
	 * @param span the span
	 * @return the header value
	 */
	public static String traceparent(MutableSpan span) {
		return "00-" + span.traceId() + "-" + span.id() + "-01";
	}

	@Override
	public void close() {
		this.tracing.close();
	}

}
