package io.dramatiq.spring.boot.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.spring.boot.autoconfigure.DramatiqAutoConfiguration;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.dramatiq.spring.boot.test.DramatiqAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener, registered through {@code spring.factories}, flushes the stub broker
 * between the methods of a {@code @SpringBootTest}: what the first test leaves behind is
 * gone in the second.
 */
@SpringBootTest(classes = StubBrokerFlushTestExecutionListenerTests.Config.class,
		properties = "dramatiq.broker.type=stub")
@TestMethodOrder(OrderAnnotation.class)
class StubBrokerFlushTestExecutionListenerTests {

	private static final String QUEUE = "flush-listener";

	@Autowired
	private StubBroker broker;

	@Test
	@Order(1)
	void firstTestLeavesADeadLetter() {
		// an actor that fails, with no retries
		this.broker.enqueue(Message.create(QUEUE, "fail", List.of(), Map.of(), Map.of()));
		this.broker.joinAll(Duration.ofSeconds(10), false);
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(1);
	}

	@Test
	@Order(2)
	void secondTestStartsWithoutIt() {
		assertThat(this.broker).hasNoDeadLetters();
		this.broker.joinAll(Duration.ofSeconds(10), true);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	static class Config {

		@Bean
		Failing failing() {
			return new Failing();
		}

	}

	static class Failing {

		@Actor(name = "fail", queueName = QUEUE, maxRetries = 0)
		void fail() {
			throw new IllegalStateException("fails");
		}

	}

}
