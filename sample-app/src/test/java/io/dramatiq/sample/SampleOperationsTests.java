package io.dramatiq.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's operations as an operator sees them over HTTP: health, the Prometheus
 * scrape with Python Dramatiq's metric names and labels, and the {@code dramatiq}
 * endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=stub", "sample.count-words-on-startup=false",
				"dramatiq.actors.[count_words].min-backoff=10ms", "dramatiq.worker.worker-timeout=20ms" })
class SampleOperationsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private StubBroker broker;

	@Autowired
	@Qualifier("count_words")
	private ActorProxy countWords;

	@LocalServerPort
	private int port;

	@BeforeEach
	void flushBroker() {
		this.broker.flushAll();
	}

	@Test
	void healthShowsDramatiqUpWithItsWorker() {
		DocumentContext health = JsonPath.parse(get("/actuator/health"));
		assertThat(health.read("$.components.dramatiq.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.components.dramatiq.details", Map.class)).containsEntry("broker", "stub")
			.containsEntry("worker", "running")
			.containsEntry("threads", 4)
			.containsEntry("queues", List.of("default"));
	}

	@Test
	void prometheusScrapeCountsASuccessAFailureAndARetryWithPythonsNamesAndLabels() {
		// Given a count that succeeds, and one that fails, is retried once, and fails
		// again
		String labels = "{actor_name=\"count_words\",queue_name=\"default\"}";
		double before = counter(get("/actuator/prometheus"), "dramatiq_messages_total" + labels);
		double errorsBefore = counter(get("/actuator/prometheus"), "dramatiq_message_errors_total" + labels);
		this.countWords.send("http://localhost:" + this.port + "/pages/1");
		this.countWords.sendWithOptions(SendOptions.option("max_retries", 1), "foo");
		this.broker.join("default", TIMEOUT, false);
		// When Prometheus scrapes the application
		// I expect three runs, two errors, one retry and one reject, and the dead
		// letter in the queue gauges
		await().atMost(TIMEOUT).untilAsserted(() -> {
			String scrape = get("/actuator/prometheus");
			assertThat(counter(scrape, "dramatiq_messages_total" + labels)).isEqualTo(before + 3);
			assertThat(counter(scrape, "dramatiq_message_errors_total" + labels)).isEqualTo(errorsBefore + 2);
			assertThat(scrape).contains("dramatiq_message_retries_total" + labels + " 1.0",
					"dramatiq_message_rejects_total" + labels + " 1.0",
					"dramatiq_messages_inprogress" + labels + " 0.0",
					"dramatiq_message_duration_milliseconds_count" + labels + " ",
					"dramatiq_queue_ready_messages{queue_name=\"default\"} 0.0",
					"dramatiq_queue_delayed_messages{queue_name=\"default\"} 0.0",
					"dramatiq_queue_dead_messages{queue_name=\"default\"} 1.0");
		});
	}

	private static double counter(String scrape, String series) {
		return scrape.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElse(0);
	}

	private String get(String path) {
		return RestClient.create("http://localhost:" + this.port).get().uri(path).retrieve().body(String.class);
	}

}
