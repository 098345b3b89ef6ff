package io.dramatiq.middleware;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CurrentMessage: the running message is reachable from actor code (spec §8.8).
 */
class CurrentMessageTests extends AbstractMiddlewareTests {

	private final List<Optional<Message>> seen = new CopyOnWriteArrayList<>();

	private final List<Optional<Message>> afterwards = new CopyOnWriteArrayList<>();

	@Test
	void actorSeesItsOwnMessageAndNothingAfterwards() {
		// Given CurrentMessage and a middleware that looks again once the message is
		// acked
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void afterAck(Broker broker, MessageProxy message) {
				CurrentMessageTests.this.afterwards.add(CurrentMessage.get());
			}
		});
		this.broker.addMiddleware(new CurrentMessage());
		declare("who", Map.of(), (args, kwargs) -> this.seen.add(CurrentMessage.get()));
		startWorker(2);
		Message first = send("who", List.of(1), Map.of("x_custom", true));
		Message second = send("who", List.of(2), Map.of());
		join();
		// I expect each run to see its own message, options included
		assertThat(this.seen).hasSize(2).allSatisfy((message) -> assertThat(message).isPresent());
		assertThat(this.seen.stream().map((m) -> m.get().messageId())).containsExactlyInAnyOrder(first.messageId(),
				second.messageId());
		assertThat(this.seen.stream()
			.filter((m) -> m.get().messageId().equals(first.messageId()))
			.findFirst()
			.get()
			.get()
			.options()).containsEntry("x_custom", true);
		// and nothing once the actor is done, nor outside of a worker
		assertThat(this.afterwards).hasSize(2).allSatisfy((message) -> assertThat(message).isEmpty());
		assertThat(CurrentMessage.get()).isEmpty();
	}

	@Test
	void withoutTheMiddlewareThereIsNoCurrentMessage() {
		declare("who", Map.of(), (args, kwargs) -> this.seen.add(CurrentMessage.get()));
		startWorker(1);
		send("who", List.of(), Map.of());
		join();
		assertThat(this.seen).singleElement().satisfies((message) -> assertThat(message).isEmpty());
	}

}
