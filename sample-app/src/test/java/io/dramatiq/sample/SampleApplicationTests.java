package io.dramatiq.sample;

import java.time.Duration;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.middleware.Middleware;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of the walkthrough on the stub broker: send, join the queue, assert. Sending on
 * start-up is off here; {@link StartupMessagesTests} covers it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=stub", "sample.count-words-on-startup=false" })
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private StubBroker broker;

	@Autowired
	@Qualifier("count_words")
	private ActorProxy countWords;

	@Autowired
	private WordCounter wordCounter;

	@LocalServerPort
	private int port;

	@BeforeEach
	void flushBroker() {
		// dead letters of an earlier test would make join(failFast) rethrow here
		this.broker.flushAll();
	}

	@Test
	void countWordsCountsTheWordsOfALocalPage(CapturedOutput output) {
		// Given one of the sample's own pages
		String url = page(1);
		// When I send count_words for it and wait for the queue to drain
		this.countWords.send(url);
		this.broker.join("default", TIMEOUT, true);
		// I expect its words counted and logged as in the walkthrough
		assertThat(this.wordCounter.counts()).containsEntry(url, 15);
		assertThat(output).contains("There are 15 words at '" + url + "'.");
	}

	@Test
	void postCountWordsEnqueuesAMessage() {
		String url = page(2);
		String messageId = RestClient.create("http://localhost:" + this.port)
			.post()
			.uri((uri) -> uri.path("/count-words").queryParam("url", url).build())
			.retrieve()
			.body(String.class);
		assertThat(messageId).hasSize(36);
		this.broker.join("default", TIMEOUT, true);
		assertThat(this.wordCounter.counts()).containsEntry(url, 26);
	}

	@Test
	void joinWithFailFastRethrowsTheActorsExceptionForAnInvalidUrl(CapturedOutput output) {
		// Given count_words sent for 'foo', which is no URL, with no retries
		this.countWords.sendWithOptions(SendOptions.option("max_retries", 0), "foo");
		// When I join the queue with fail-fast on
		// I expect the actor's exception in this thread, and the failure in the log
		assertThatIllegalArgumentException().isThrownBy(() -> this.broker.join("default", TIMEOUT, true));
		assertThat(output).contains("Failed to process message count_words('foo') with unhandled exception");
	}

	@Test
	void callingTheActorDirectlyRunsItInTheCaller() throws Exception {
		assertThat(this.wordCounter.countWords(page(3))).isEqualTo(20);
		assertThat(this.broker.queueCounts("default").ready()).isZero();
	}

	private String page(int number) {
		return "http://localhost:" + this.port + "/pages/" + number;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DeadLetteringConfiguration {

		/**
		 * Dead-letters failed messages as the Retries middleware does once retries are
		 * exhausted; without Retries a failed message is acked and dropped.
		 */
		@Bean
		Middleware deadLetterOnFailure() {
			return new Middleware() {

				@Override
				public void afterProcessMessage(Broker broker, MessageProxy message, Object result,
						Throwable exception) {
					if (exception != null) {
						message.fail();
					}
				}

			};
		}

	}

}
