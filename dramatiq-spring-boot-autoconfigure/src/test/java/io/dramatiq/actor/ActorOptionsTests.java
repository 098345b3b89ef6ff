package io.dramatiq.actor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.ActorOptions.Resolved;
import io.dramatiq.actor.ActorOptions.Setting;
import io.dramatiq.actor.ActorOptions.Source;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.DefaultMiddleware;
import io.dramatiq.middleware.Retries;
import io.dramatiq.middleware.RetryWhen;
import io.dramatiq.middleware.StandardActorOptions;
import io.dramatiq.middleware.TimeLimit;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Actor options: Python's defaults, the precedence of the layers, conversion of values,
 * and rejection of options no middleware declares (spec §1.6, §12).
 */
class ActorOptionsTests {

	private final ActorOptions actorOptions = StandardActorOptions.create();

	@Test
	void builtInDefaultsAreThoseOfPythonDramatiq() {
		Map<String, Object> defaults = this.actorOptions.builtInDefaults();
		assertThat(defaults).containsEntry("max_age", null)
			.containsEntry("time_limit", 600000L)
			.containsEntry("notify_shutdown", false)
			.containsEntry("on_success", null)
			.containsEntry("on_failure", null)
			.containsEntry("pipe_ignore", false)
			.containsEntry("max_retries", 20)
			.containsEntry("min_backoff", 15000L)
			.containsEntry("max_backoff", 604800000L)
			.containsEntry("retry_when", null)
			.containsEntry("throws", null)
			.containsEntry("on_retry_exhausted", null)
			.containsEntry("store_results", false)
			.containsEntry("result_ttl", 600000L);
		// and agree with the middleware's own defaults
		assertThat(defaults.get("time_limit")).isEqualTo(new TimeLimit().timeLimit().toMillis());
		assertThat(defaults.get("max_retries")).isEqualTo(new Retries().maxRetries());
		assertThat(defaults.get("min_backoff")).isEqualTo(new Retries().minBackoff().toMillis());
		assertThat(defaults.get("max_backoff")).isEqualTo(new Retries().maxBackoff().toMillis());
	}

	@Test
	void builtInDefaultAppliesWhenNothingIsSet() {
		Resolved resolved = this.actorOptions.resolve("count_words", null, Map.of(), null);
		// nothing goes into the actor's options: the middleware applies its default
		assertThat(resolved.options()).isEmpty();
		assertThat(resolved.settings().get("max_retries"))
			.isEqualTo(new Setting("max_retries", 20, Source.BUILT_IN_DEFAULT));
	}

	@Test
	void globalDefaultsOverrideTheBuiltInDefault() {
		Resolved resolved = this.actorOptions.resolve("count_words", Map.of("max-retries", 5), Map.of(), Map.of());
		assertThat(resolved.options()).containsExactly(entry("max_retries", 5));
		assertThat(resolved.settings().get("max_retries").source()).isEqualTo(Source.GLOBAL_DEFAULTS);
	}

	@Test
	void annotationOverridesGlobalDefaults() {
		Resolved resolved = this.actorOptions.resolve("count_words", Map.of("max-retries", 5, "time-limit", "1m"),
				Map.of("max_retries", 3), null);
		assertThat(resolved.options()).containsEntry("max_retries", 3).containsEntry("time_limit", 60000L);
		assertThat(resolved.settings().get("max_retries").source()).isEqualTo(Source.ANNOTATION);
		assertThat(resolved.settings().get("time_limit").source()).isEqualTo(Source.GLOBAL_DEFAULTS);
	}

	@Test
	void actorPropertiesOverrideTheAnnotation() {
		Resolved resolved = this.actorOptions.resolve("count_words", Map.of("max-retries", 5), Map.of("max_retries", 3),
				Map.of("maxRetries", "1"));
		assertThat(resolved.options()).containsExactly(entry("max_retries", 1));
		assertThat(resolved.settings().get("max_retries").source()).isEqualTo(Source.ACTOR_PROPERTIES);
	}

	@Test
	void messageOptionOverridesEveryLayerAtRunTime() {
		// Given an actor whose settings allow 3 retries
		Resolved resolved = this.actorOptions.resolve("flaky", Map.of("max-retries", 5, "min-backoff", "10ms"),
				Map.of("max_retries", 4), Map.of("max-retries", 3));
		StubBroker broker = new StubBroker();
		DefaultMiddleware.create().forEach(broker::addMiddleware);
		AtomicInteger attempts = new AtomicInteger();
		broker.declareActor(new ActorDefinition("flaky", "default", 0, resolved.options(), (args, kwargs) -> {
			attempts.incrementAndGet();
			throw new IllegalStateException("boom");
		}));
		Worker worker = new Worker(broker,
				WorkerOptions.defaults().withThreads(1).withWorkerTimeout(Duration.ofMillis(50)));
		worker.start();
		try {
			// When the message itself allows one
			broker.enqueue(Message.create("default", "flaky", List.of(), Map.of(), Map.of("max_retries", 1)));
			broker.join("default", Duration.ofSeconds(20), false);
			worker.join(Duration.ofSeconds(20));
		}
		finally {
			worker.stop(Duration.ofSeconds(10));
		}
		// I expect the message to win: two attempts
		assertThat(attempts).hasValue(2);
	}

	@Test
	void laterLayersMoveTheOptionToTheEnd() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("time_limit", "10m");
		defaults.put("max_retries", 20);
		Resolved resolved = this.actorOptions.resolve("a", defaults, Map.of(), Map.of("time-limit", "30s"));
		assertThat(resolved.options().keySet()).containsExactly("max_retries", "time_limit");
	}

	@Test
	void durationsAcceptSpringsFormsAndBecomeMilliseconds() {
		assertThat(this.actorOptions.convert("min_backoff", "15s")).isEqualTo(15000L);
		assertThat(this.actorOptions.convert("max_backoff", "7d")).isEqualTo(604800000L);
		assertThat(this.actorOptions.convert("time_limit", "PT10M")).isEqualTo(600000L);
		assertThat(this.actorOptions.convert("max_age", "500ms")).isEqualTo(500L);
		assertThat(this.actorOptions.convert("max_age", "250")).isEqualTo(250L);
		assertThat(this.actorOptions.convert("max_age", 250)).isEqualTo(250L);
		assertThat(this.actorOptions.convert("max_age", Duration.ofMinutes(2))).isEqualTo(120000L);
		assertThat(this.actorOptions.convert("time_limit", "infinity")).isEqualTo(Double.POSITIVE_INFINITY);
		assertThat(this.actorOptions.wireValue("time_limit", Duration.ofSeconds(30))).isEqualTo(30000L);
		assertThat(this.actorOptions.wireValue("max_age", "1m")).isEqualTo(60000L);
		assertThat(this.actorOptions.wireValue("x_custom", Duration.ofSeconds(1))).isEqualTo(1000L);
	}

	@Test
	void invalidValueNamesTheActorTheOptionAndItsSource() {
		assertThatExceptionOfType(InvalidActorOptionException.class)
			.isThrownBy(() -> this.actorOptions.resolve("count_words", null, null, Map.of("time-limit", "ten minutes")))
			.withMessageContaining("Option 'time_limit' of actor 'count_words'")
			.withMessageContaining("dramatiq.actors.<name>")
			.withMessageContaining("'ten minutes'")
			.withMessageContaining("'15s'");
		assertThatExceptionOfType(InvalidActorOptionException.class)
			.isThrownBy(() -> this.actorOptions.resolve("a", Map.of("max-retries", -2), null, null))
			.withMessageContaining("actor defaults");
		assertThatExceptionOfType(InvalidActorOptionException.class)
			.isThrownBy(() -> this.actorOptions.resolve("a", null, Map.of("notify_shutdown", "yes"), null))
			.withMessageContaining("@Actor");
	}

	@Test
	void maxRetriesMayRetryForever() {
		assertThat(this.actorOptions.resolve("a", null, null, Map.of("max-retries", "forever")).options())
			.containsEntry("max_retries", null);
		assertThat(this.actorOptions.resolve("a", null, Map.of("max_retries", Actor.RETRY_FOREVER), null).options())
			.containsEntry("max_retries", null);
	}

	@Test
	void annotationAttributesBecomeTheAnnotationLayer() throws Exception {
		Method method = Annotated.class.getDeclaredMethod("countWords", String.class);
		Map<String, Object> layer = AnnotationOptions.of(method.getAnnotation(Actor.class));
		assertThat(layer).containsExactly(entry("time_limit", "30s"), entry("notify_shutdown", true),
				entry("on_failure", "failed"), entry("max_retries", 3), entry("min_backoff", "1s"),
				entry("retry_when", "myRetryWhen"), entry("throws", List.of(IOException.class)));
		Method plain = Annotated.class.getDeclaredMethod("plain");
		assertThat(AnnotationOptions.of(plain.getAnnotation(Actor.class))).isEmpty();
	}

	@Test
	void retryWhenMayNameAnObjectResolvedByTheResolver() {
		RetryWhen never = (retries, exception) -> false;
		ActorOptions withBeans = this.actorOptions
			.withReferenceResolver((name, type) -> "myRetryWhen".equals(name) ? never : null);
		Resolved resolved = withBeans.resolve("a", null, Map.of("retry_when", "myRetryWhen"), null);
		assertThat(resolved.options().get("retry_when")).isSameAs(never);
		assertThatExceptionOfType(InvalidActorOptionException.class)
			.isThrownBy(() -> this.actorOptions.resolve("a", null, Map.of("retry_when", "myRetryWhen"), null))
			.withMessageContaining("reference resolver");
	}

	@Test
	void throwsAcceptsClassesAndClassNames() {
		assertThat(this.actorOptions.convert("throws", "java.io.IOException, java.lang.IllegalStateException"))
			.isEqualTo(List.of(IOException.class, IllegalStateException.class));
		assertThat(this.actorOptions.convert("throws", new Class<?>[] { UncheckedIOException.class }))
			.isEqualTo(List.of(UncheckedIOException.class));
		assertThatExceptionOfType(InvalidActorOptionException.class)
			.isThrownBy(() -> this.actorOptions.resolve("a", null, Map.of("throws", "java.lang.String"), null))
			.withMessageContaining("not an exception class");
	}

	@Test
	void keysMayBeKebabCamelOrPythonCase() {
		assertThat(OptionSpec.optionName("max-retries")).isEqualTo("max_retries");
		assertThat(OptionSpec.optionName("maxRetries")).isEqualTo("max_retries");
		assertThat(OptionSpec.optionName("max_retries")).isEqualTo("max_retries");
		assertThat(OptionSpec.optionName("[on_retry_exhausted]")).isEqualTo("on_retry_exhausted");
	}

	@Test
	void unknownOptionsPassThroughAndUnsetValuesAreIgnored() {
		Map<String, Object> layer = new LinkedHashMap<>();
		layer.put("rate-limit", 10);
		layer.put("time-limit", null);
		layer.put("on-success", " ");
		Resolved resolved = this.actorOptions.resolve("a", null, null, layer);
		assertThat(resolved.options()).containsExactly(entry("rate_limit", 10));
		assertThat(resolved.settings().get("rate_limit").source()).isEqualTo(Source.ACTOR_PROPERTIES);
	}

	@Test
	void declaringAnActorWithAnOptionNoMiddlewareDeclaresFails() {
		StubBroker broker = new StubBroker();
		DefaultMiddleware.create().forEach(broker::addMiddleware);
		ActorDefinition actor = new ActorDefinition("resize-image", "default", 0, Map.of("rate_limit", 10),
				(args, kwargs) -> null);
		assertThatExceptionOfType(UnknownActorOptionException.class).isThrownBy(() -> broker.declareActor(actor))
			.withMessage("Actor 'resize-image' sets option 'rate_limit', but no registered middleware declares it."
					+ " Did you forget to add a middleware bean?");
		assertThat(broker.actors().find("resize-image")).isEmpty();
		// a middleware that declares it makes the actor valid
		broker.addMiddleware(new Middleware() {
			@Override
			public Set<String> actorOptions() {
				return Set.of("rate_limit");
			}
		});
		broker.declareActor(actor);
		assertThat(broker.actors().find("resize-image")).isPresent();
	}

	@Test
	void actorOptionsOfARemovedMiddlewareAreRejected() {
		StubBroker broker = new StubBroker();
		broker.addMiddleware(new Retries());
		ActorDefinition actor = new ActorDefinition("slow", "default", 0, Map.of("time_limit", 1000L),
				(args, kwargs) -> null);
		assertThatExceptionOfType(UnknownActorOptionException.class).isThrownBy(() -> broker.declareActor(actor))
			.satisfies((ex) -> assertThat(ex.option()).isEqualTo("time_limit"));
	}

	static class Annotated {

		@Actor(name = "count_words", maxRetries = 3, minBackoff = "1s", timeLimit = "30s",
				throwsTypes = IOException.class, retryWhen = "myRetryWhen", onFailure = "failed", notifyShutdown = true)
		void countWords(String url) {
		}

		@Actor
		void plain() {
		}

	}

}
