package io.dramatiq.spring.boot.dashboard;

import java.util.List;

import com.rabbitmq.client.Channel;
import io.dramatiq.broker.BrokerAvailability;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard on a real RabbitMQ, on a queue of its own that it deletes when done.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=rabbitmq", "dramatiq.dashboard.enabled=true",
				"dramatiq.dashboard.refresh-interval=300ms", "dramatiq.worker.worker-timeout=50ms",
				"management.endpoint.dramatiq.access=unrestricted", "management.endpoint.dramatiq.show-values=always" })
@DirtiesContext
class DashboardRabbitmqBrowserIntegrationTests extends AbstractDashboardBrowserTests {

	static final String HOST = System.getProperty("rabbitmq.host", "127.0.0.1");

	static final int PORT = Integer.getInteger("rabbitmq.port", 5672);

	static final String QUEUE = newQueueName();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("dashboard-test.queue", () -> QUEUE);
		registry.add("spring.rabbitmq.host", () -> HOST);
		registry.add("spring.rabbitmq.port", () -> PORT);
	}

	@BeforeAll
	static void rabbitmqAnswers() {
		BrokerAvailability.assumeReachable(HOST, PORT, "RabbitMQ", "rabbitmq-server -detached");
	}

	@BeforeEach
	void deleteTheQueuesWhenDone() {
		if (this.outcomes.onClose.isEmpty()) {
			this.outcomes.onClose.add(() -> {
				CachingConnectionFactory factory = new CachingConnectionFactory(HOST, PORT);
				try (Channel channel = factory.createConnection().createChannel(false)) {
					for (String name : List.of(QUEUE, QUEUE + ".DQ", QUEUE + ".XQ")) {
						channel.queueDelete(name);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException("Could not delete the queues of " + QUEUE, ex);
				}
				finally {
					factory.destroy();
				}
			});
		}
	}

	@Override
	void assertWorkers() {
		awaitText(By.cssSelector("#consumers tr[data-queue='" + QUEUE + "'] td.consumers"), "1");
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("RabbitMQ counts the consumers");
	}

}
