package io.dramatiq.spring;

import java.util.Set;

import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.DefaultMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a message option no middleware declares is sent as it is, and warned about
 * once per key with the closest known option.
 */
@ExtendWith(OutputCaptureExtension.class)
class MessageOptionKeysTests {

	private final StubBroker broker = new StubBroker(new JsonMessageEncoder());

	private final ArgumentEncoder encoder = new ArgumentEncoder(JsonMapper.builder().build());

	MessageOptionKeysTests() {
		DefaultMiddleware.create(true).forEach(this.broker::addMiddleware);
		this.broker.declareQueue("default");
	}

	@Test
	void misspeltOptionIsSentAndWarnedAboutOnceWithTheClosestKnownOne(CapturedOutput output) {
		// Given two actors on one broker
		ActorProxy sendEmail = new ActorProxy("send_email", "default", this.broker, this.encoder);
		ActorProxy countWords = new ActorProxy("count_words", "default", this.broker, this.encoder);
		// When messages with a misspelt option are sent to both, three times
		Message sent = sendEmail.sendWithOptions(SendOptions.option("max_retrys", 3), "ada@example.com");
		sendEmail.sendWithOptions(SendOptions.option("max_retrys", 3), "bob@example.com");
		countWords.messageWithOptions(SendOptions.option("max_retrys", 1), "https://example.com");
		// I expect the option sent as it is
		assertThat(sent.options()).containsEntry("max_retrys", 3);
		// and one warning, naming the option, the first actor and the closest option
		assertThat(warnings(output, "max_retrys")).singleElement()
			.asString()
			.contains("WARN")
			.contains("Message option 'max_retrys' (first sent to actor 'send_email') is declared by no middleware"
					+ " of this application; it is sent as is, for a worker elsewhere that may read it. Did you"
					+ " mean 'max_retries'? This is logged once.");
	}

	@Test
	void optionsOfTheMiddlewareAndOfTheProtocolAreNotWarnedAbout(CapturedOutput output) {
		ActorProxy sendEmail = new ActorProxy("send_email", "default", this.broker, this.encoder);
		sendEmail.sendWithOptions(SendOptions.option("max_retries", 3)
			.withOption("time_limit", "10s")
			.withOption("on_success", "audit")
			.withOption("broker_priority", 2)
			.withOption("pipe_ignore", true), "ada@example.com");
		sendEmail.messageWithOptions(SendOptions.delay(java.time.Duration.ofSeconds(1)), "ada@example.com");
		assertThat(output).doesNotContain("Message option '");
	}

	@Test
	void optionOfMiddlewareThatIsNotInstalledIsWarnedAboutWithoutASuggestion(CapturedOutput output) {
		ActorProxy sendEmail = new ActorProxy("send_email", "default", this.broker, this.encoder);
		sendEmail.sendWithOptions(SendOptions.option("store_results", true), "ada@example.com");
		assertThat(warnings(output, "store_results")).singleElement()
			.asString()
			.doesNotContain("Did you mean")
			.contains("This is logged once.");
	}

	@Test
	void optionOfMiddlewareAddedAfterTheFirstSendIsKnown(CapturedOutput output) {
		ActorProxy sendEmail = new ActorProxy("send_email", "default", this.broker, this.encoder);
		sendEmail.sendWithOptions(SendOptions.option("max_retries", 1), "ada@example.com");
		this.broker.addMiddleware(new Middleware() {

			@Override
			public Set<String> actorOptions() {
				return Set.of("rate_limit");
			}

		});
		sendEmail.sendWithOptions(SendOptions.option("rate_limit", 5), "ada@example.com");
		assertThat(output).doesNotContain("Message option '");
	}

	private static java.util.List<String> warnings(CapturedOutput output, String option) {
		return output.getOut().lines().filter((line) -> line.contains("Message option '" + option + "'")).toList();
	}

}
