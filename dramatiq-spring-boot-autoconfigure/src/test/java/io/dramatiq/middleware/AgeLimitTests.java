package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.ExceptionNames;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AgeLimit: old messages are dead-lettered without running (spec §8.2, C58).
 */
class AgeLimitTests extends AbstractMiddlewareTests {

	private final AtomicInteger runs = new AtomicInteger();

	AgeLimitTests() {
		this.broker.addMiddleware(new AgeLimit());
		this.broker.addMiddleware(new Retries());
	}

	private Message oldMessage(Map<String, ?> options) {
		Message fresh = Message.create(QUEUE, "work", List.of(), Map.of(), options);
		return new Message(fresh.queueName(), fresh.actorName(), fresh.args(), fresh.kwargs(), fresh.options(),
				fresh.messageId(), System.currentTimeMillis() - 10000);
	}

	@Test
	void messageOlderThanItsMaxAgeIsDeadLetteredWithoutRunning() {
		// Given a message created 10 s ago with a 5 s age limit
		declare("work", Map.of(), (args, kwargs) -> this.runs.incrementAndGet());
		startWorker(1);
		Message old = this.broker.enqueue(oldMessage(Map.of("max_age", 5000)));
		join();
		// I expect it dead-lettered, never run, as a SkipMessage failure
		assertThat(this.runs).hasValue(0);
		assertThat(this.broker.deadLetters(QUEUE)).singleElement().satisfies((dead) -> {
			assertThat(dead.message().messageId()).isEqualTo(old.messageId());
			assertThat(dead.exception()).isInstanceOf(SkipMessageException.class)
				.hasMessage("Message age limit exceeded");
			assertThat(ExceptionNames.typeName(dead.exception())).isEqualTo("SkipMessage");
			assertThat(ExceptionNames.text(dead.exception())).isEqualTo("Message age limit exceeded");
		});
	}

	@Test
	void actorMaxAgeAppliesWhenTheMessageSetsNoneOrAFalsyOne() {
		declare("work", Map.of("max_age", 5000L), (args, kwargs) -> this.runs.incrementAndGet());
		startWorker(1);
		this.broker.enqueue(oldMessage(Map.of()));
		this.broker.enqueue(oldMessage(Map.of("max_age", 0)));
		join();
		assertThat(this.runs).hasValue(0);
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(2);
	}

	@Test
	void messageMaxAgeWinsOverTheActors() {
		declare("work", Map.of("max_age", 5000L), (args, kwargs) -> this.runs.incrementAndGet());
		startWorker(1);
		this.broker.enqueue(oldMessage(Map.of("max_age", 60000)));
		join();
		assertThat(this.runs).hasValue(1);
		assertThat(this.broker.deadLetters()).isEmpty();
	}

	@Test
	void youngMessagesAndMessagesWithoutLimitRun() {
		declare("work", Map.of(), (args, kwargs) -> this.runs.incrementAndGet());
		startWorker(1);
		send("work", List.of(), Map.of("max_age", 60000));
		this.broker.enqueue(oldMessage(Map.of()));
		join();
		assertThat(this.runs).hasValue(2);
	}

	@Test
	void timestampsGivenAsFloatsOrIsoTextAreAgedAsTheTimesTheyName() {
		// Given messages of other producers, 10 s old, with a 5 s age limit: one stamped
		// with a float, as Python computes with it, and one with ISO-8601 text
		declare("work", Map.of("max_age", 5000L), (args, kwargs) -> this.runs.incrementAndGet());
		startWorker(1);
		long old = System.currentTimeMillis() - 10000;
		enqueueRaw(old + ".5");
		enqueueRaw("\"" + java.time.Instant.ofEpochMilli(old) + "\"");
		// and a young one stamped with ISO-8601 text that has an offset
		enqueueRaw("\"" + java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(2)) + "\"");
		join();
		// I expect both old ones dead-lettered without running, and the young one run
		assertThat(this.runs).hasValue(1);
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(2)
			.allSatisfy((dead) -> assertThat(dead.exception()).hasMessage("Message age limit exceeded"));
	}

	@Test
	void timestampThatIsNotATimeRunsWithoutAnAgeCheckAndAWarning() {
		// Given a message whose timestamp names no time, which Python runs unchecked
		declare("work", Map.of("max_age", 5000L), (args, kwargs) -> this.runs.incrementAndGet());
		startWorker(1);
		enqueueRaw("\"last tuesday\"");
		enqueueRaw("null");
		join();
		// I expect both to run, and the operator to be told
		assertThat(this.runs).hasValue(2);
		assertThat(this.broker.deadLetters()).isEmpty();
		assertThat(this.logs.messages(ch.qos.logback.classic.Level.WARN))
			.anySatisfy((line) -> assertThat(line).contains("'last tuesday'").contains("not a time"))
			.anySatisfy((line) -> assertThat(line).contains("null").contains("not a time"));
	}

	private void enqueueRaw(String timestamp) {
		String body = "{\"queue_name\":\"default\",\"actor_name\":\"work\",\"args\":[],\"kwargs\":{},"
				+ "\"options\":{},\"message_id\":\"" + Message.newMessageId() + "\",\"message_timestamp\":" + timestamp
				+ "}";
		this.broker.enqueueRaw(QUEUE, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	@Test
	void middlewareDefaultAppliesToEveryActor() {
		io.dramatiq.broker.stub.StubBroker other = new io.dramatiq.broker.stub.StubBroker();
		AgeLimit ageLimit = new AgeLimit(Duration.ofSeconds(5));
		assertThat(ageLimit.maxAge()).isEqualTo(Duration.ofSeconds(5));
		assertThat(new AgeLimit().maxAge()).isNull();
		other.addMiddleware(ageLimit);
		other.declareActor(io.dramatiq.actor.ActorDefinition.of("work", (args, kwargs) -> this.runs.incrementAndGet()));
		io.dramatiq.worker.Worker worker = new io.dramatiq.worker.Worker(other,
				io.dramatiq.worker.WorkerOptions.defaults().withThreads(1).withWorkerTimeout(Duration.ofMillis(50)));
		worker.start();
		try {
			other.enqueue(oldMessage(Map.of()));
			other.join(QUEUE, WAIT, false);
			worker.join(WAIT);
		}
		finally {
			worker.stop(Duration.ofSeconds(10));
		}
		assertThat(this.runs).hasValue(0);
		assertThat(other.deadLetters(QUEUE)).hasSize(1);
	}

}
