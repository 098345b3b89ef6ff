package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.rabbitmq.RabbitmqScheduleLock;
import io.dramatiq.schedule.ScheduleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of an application with a periodic actor on the local RabbitMQ: one
 * instance leads (it holds the exclusive consumer of the schedule's queue) and enqueues
 * each tick once; when it stops, another takes over on the next tick, still once per
 * tick.
 */
class RabbitmqPeriodicActorIntegrationTests {

	private static final String HOST = System.getProperty("rabbitmq.host", "127.0.0.1");

	private static final int PORT = Integer.getInteger("rabbitmq.port", 5672);

	private static final Duration RATE = Duration.ofMillis(500);

	private final String actor = "tick_" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void assumeRabbitmq() {
		BrokerAvailability.assumeReachable(HOST, PORT, "RabbitMQ", "rabbitmq-server -detached");
	}

	@Test
	void threeInstancesEnqueueEachTickOnceAndAnotherLeadsWhenTheLeaderStops() {
		try (PeriodicInstances instances = new PeriodicInstances(this.actor)) {
			// Given three instances of an application whose actor ticks twice a second
			for (int i = 0; i < 3; i++) {
				instances.start(RabbitmqApplication.class, properties());
			}
			assertThat(instances.context(0).getBean(ScheduleLock.class)).isInstanceOf(RabbitmqScheduleLock.class);
			// When 20 ticks pass
			instances.awaitTicks(20, Duration.ofSeconds(30));
			// I expect each to be enqueued once, with none left out, by the leader
			instances.assertEachTickOnce(RATE);
			int leader = instances.latestEnqueuer();
			// When the leader stops
			instances.context(leader).close();
			Instant stoppedAt = Instant.now();
			int before = instances.ticks().size();
			// I expect another instance to lead and enqueue the next ticks once each
			instances.awaitTicks(before + 4, Duration.ofSeconds(15));
			instances.assertEachTickOnce(RATE);
			assertThat(instances.enqueued())
				.filteredOn((enqueued) -> enqueued.tick() > stoppedAt.toEpochMilli() + RATE.toMillis())
				.isNotEmpty()
				.allMatch((enqueued) -> enqueued.instance() != leader);
			// and every message to be in the queue, with the last tick recorded
			ConfigurableApplicationContext survivor = instances.context((leader + 1) % 3);
			assertThat(survivor.getBean(Broker.class).queueCounts(this.actor).ready())
				.isEqualTo(instances.enqueued().size());
			long latest = instances.ticks().keySet().stream().max(Long::compare).orElseThrow();
			try (ScheduleLock lock = survivor.getBean(RabbitmqBroker.class).scheduleLock()) {
				assertThat(lock.lastTick(this.actor)).hasValueSatisfying(
						(last) -> assertThat(last.toEpochMilli()).isGreaterThanOrEqualTo(latest - 1000));
			}
		}
	}

	private String[] properties() {
		return new String[] { "dramatiq.broker.type=rabbitmq", "spring.rabbitmq.host=" + HOST,
				"spring.rabbitmq.port=" + PORT, "dramatiq.worker.enabled=false",
				"dramatiq.schedules.[" + this.actor + "].fixed-rate=" + RATE.toMillis() + "ms" };
	}

	@AfterEach
	void deleteQueues() throws Exception {
		CachingConnectionFactory factory = new CachingConnectionFactory(HOST, PORT);
		try {
			Channel channel = factory.createConnection().createChannel(false);
			for (String name : List.of(this.actor, this.actor + ".DQ", this.actor + ".XQ",
					RabbitmqScheduleLock.leaderQueue(this.actor), RabbitmqScheduleLock.lastTickQueue(this.actor))) {
				channel.queueDelete(name);
			}
			channel.close();
		}
		finally {
			factory.destroy();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ RabbitAutoConfiguration.class, DramatiqAutoConfiguration.class })
	static class RabbitmqApplication {

	}

}
