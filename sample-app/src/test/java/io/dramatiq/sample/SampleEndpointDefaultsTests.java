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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dramatiq} endpoint over HTTP as the sample configures it, without any
 * setting of its own: read-only, and the arguments of dead letters hidden. The properties
 * are those of {@link SampleApplicationTests}, so the two share one application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=stub", "sample.count-words-on-startup=false",
				"dramatiq.actors.[count_words].min-backoff=10ms", "dramatiq.worker.worker-timeout=20ms" })
class SampleEndpointDefaultsTests {

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
	void deadLettersAreListedWithTheirArgumentsHiddenAndCannotBeRequeuedOrPurged() {
		// Given count_words dead-lettered for 'foo'
		Message sent = this.countWords.sendWithOptions(SendOptions.option("max_retries", 0), "foo");
		this.broker.join("default", TIMEOUT, false);
		// When I list the dead letters
		DocumentContext page = JsonPath
			.parse(client().get().uri("/actuator/dramatiq/default").retrieve().body(String.class));
		// I expect it there, its argument hidden
		assertThat(page.read("$.messages[*].message_id", List.class)).containsExactly(sent.messageId());
		assertThat(page.read("$.messages[0].args", String.class)).isEqualTo("******");
		// and requeue and purge refused as Spring Boot refuses operations it does not map
		HttpStatusCode requeue = client().post()
			.uri("/actuator/dramatiq/default")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("messageId", sent.messageId()))
			.exchange((request, response) -> response.getStatusCode());
		HttpStatusCode purge = client().delete()
			.uri("/actuator/dramatiq/default")
			.exchange((request, response) -> response.getStatusCode());
		assertThat(requeue.value()).isEqualTo(405);
		assertThat(purge.value()).isEqualTo(405);
		assertThat(this.broker.deadLetters("default")).hasSize(1);
	}

	private RestClient client() {
		return RestClient.create("http://localhost:" + this.port);
	}

}
