package io.dramatiq.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the sample, as started by its quick start, counts its own pages and shows in
 * the log the failure of {@code count_words("foo")}, its first retry, and
 * {@code count_words_safe} dropping {@code foo}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "dramatiq.broker.type=stub")
@ExtendWith(OutputCaptureExtension.class)
class StartupMessagesTests {

	@Autowired
	private WordCounter wordCounter;

	@LocalServerPort
	private int port;

	@Test
	void startupCountsTheSamplesPagesAndShowsHowFooIsRetriedOrDropped(CapturedOutput output) {
		String base = "http://localhost:" + this.port + "/pages/";
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.wordCounter.counts()).containsEntry(base + 1, 15)
				.containsEntry(base + 2, 26)
				.containsEntry(base + 3, 20));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output)
				.contains("Failed to process message count_words('foo') with unhandled exception")
				.containsPattern("Retrying message '[0-9a-f-]{36}' in \\d+ milliseconds\\.")
				.contains("Message dropped due to invalid url: 'foo'.")
				.contains("There are 15 words at '" + base + "1'."));
	}

}
