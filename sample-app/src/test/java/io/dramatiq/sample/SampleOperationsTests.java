package io.dramatiq.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
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
				"dramatiq.actors.[count_words].min-backoff=10ms", "dramatiq.worker.worker-timeout=20ms",
				// the tests call the write operations; secure the endpoint before
				// this in production
				"management.endpoint.dramatiq.access=unrestricted" })
@ExtendWith(OutputCaptureExtension.class)
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
		String initial = get("/actuator/prometheus");
		double runs = counter(initial, "dramatiq_messages_total" + labels);
		double errors = counter(initial, "dramatiq_message_errors_total" + labels);
		double retries = counter(initial, "dramatiq_message_retries_total" + labels);
		double rejects = counter(initial, "dramatiq_message_rejects_total" + labels);
		this.countWords.send("http://localhost:" + this.port + "/pages/1");
		this.countWords.sendWithOptions(SendOptions.option("max_retries", 1), "foo");
		this.broker.join("default", TIMEOUT, false);
		// When Prometheus scrapes the application
		// I expect three runs, two errors, one retry and one reject, and the dead
		// letter in the queue gauges
		await().atMost(TIMEOUT).untilAsserted(() -> {
			String scrape = get("/actuator/prometheus");
			assertThat(counter(scrape, "dramatiq_messages_total" + labels)).isEqualTo(runs + 3);
			assertThat(counter(scrape, "dramatiq_message_errors_total" + labels)).isEqualTo(errors + 2);
			assertThat(counter(scrape, "dramatiq_message_retries_total" + labels)).isEqualTo(retries + 1);
			assertThat(counter(scrape, "dramatiq_message_rejects_total" + labels)).isEqualTo(rejects + 1);
			assertThat(scrape).contains("# TYPE dramatiq_messages_total counter",
					"# TYPE dramatiq_message_duration_milliseconds histogram",
					"dramatiq_messages_inprogress" + labels + " 0.0",
					"dramatiq_message_duration_milliseconds_count" + labels + " ",
					"dramatiq_queue_ready_messages{queue_name=\"default\"} 0.0",
					"dramatiq_queue_delayed_messages{queue_name=\"default\"} 0.0",
					"dramatiq_queue_dead_messages{queue_name=\"default\"} 1.0");
		});
	}

	@Test
	void endpointListsActorsAndQueuesAndRequeuesADeadLetterWhichThenRuns(CapturedOutput output) {
		// Given count_words dead-lettered for 'foo', without retries
		Message sent = this.countWords.sendWithOptions(SendOptions.option("max_retries", 0), "foo");
		this.broker.join("default", TIMEOUT, false);
		// When I look at the endpoint
		DocumentContext overview = JsonPath.parse(get("/actuator/dramatiq"));
		// I expect the actors with their options and where each came from, and the
		// queue with its dead letter
		assertThat(overview.read("$.broker", String.class)).isEqualTo("stub");
		assertThat(overview.read("$.results", Map.class)).containsEntry("backend", "stub")
			.containsEntry("namespace", "dramatiq-results");
		assertThat(overview.read("$.actors[*].name", List.class)).containsExactly("count_words", "count_words_safe",
				"word_report");
		assertThat(overview.read("$.actors[0].queue", String.class)).isEqualTo("default");
		assertThat(overview.read("$.actors[0].options.max_retries", Map.class)).containsEntry("value", 3)
			.containsEntry("source", "property 'dramatiq.actors.[count_words].max-retries'");
		assertThat(overview.read("$.actors[0].options.store_results", Map.class)).containsEntry("value", true)
			.containsEntry("source", "property 'dramatiq.actors.[count_words].store-results'");
		assertThat(overview.read("$.queues[0]", Map.class)).containsEntry("name", "default")
			.containsEntry("ready", 0)
			.containsEntry("dead", 1);
		DocumentContext deadLetters = JsonPath.parse(get("/actuator/dramatiq/default?limit=10"));
		assertThat(deadLetters.read("$.messages[*].message_id", List.class)).containsExactly(sent.messageId());
		// and when I requeue it through the endpoint, it runs again, with the same id
		String requeued = RestClient.create("http://localhost:" + this.port)
			.post()
			.uri("/actuator/dramatiq/default")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("messageId", sent.messageId()))
			.retrieve()
			.body(String.class);
		assertThat(JsonPath.parse(requeued).read("$.requeued", Integer.class)).isOne();
		this.broker.join("default", TIMEOUT, false);
		assertThat(output.getOut()
			.lines()
			.filter((line) -> line.contains(sent.messageId()) && line.contains("Failed to process message")))
			.hasSize(2);
		assertThat(this.broker.deadLetters("default")).singleElement()
			.satisfies((letter) -> assertThat(letter.message().messageId()).isEqualTo(sent.messageId()));
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
