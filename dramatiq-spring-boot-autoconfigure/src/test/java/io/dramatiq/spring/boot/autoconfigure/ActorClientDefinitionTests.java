package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.dramatiq.actor.Actor;
import io.dramatiq.message.Message;
import io.dramatiq.results.MessageResult;
import io.dramatiq.spring.ActorClient;
import io.dramatiq.spring.ActorClientDefinitionException;
import io.dramatiq.spring.ActorClientScanner;
import io.dramatiq.spring.ActorRef;
import io.dramatiq.spring.Delay;
import io.dramatiq.spring.EnableActorClients;
import io.dramatiq.spring.Kwarg;
import io.dramatiq.spring.SendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Start-up checks of typed actor clients: a method of an {@link ActorClient @ActorClient}
 * interface with a shape a client cannot send, or that does not fit the local actor it
 * names, fails start-up with a message naming the method (and the actor), reported by the
 * failure analyzer.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActorClientDefinitionTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false")
		.withUserConfiguration(MailConfiguration.class);

	@Test
	void unsupportedReturnTypeFailsNamingTheMethod() {
		assertFails(WrongReturn.class, "Actor client method WrongReturn.sendEmail(String, String) returns"
				+ " java.lang.String. Return void, Message (the message sent) or MessageResult<T>");
	}

	@Test
	void twoSendOptionsParametersFailNamingTheMethod() {
		assertFails(TwoOptions.class,
				"Actor client method TwoOptions.sendEmail(String, SendOptions, SendOptions) has two SendOptions"
						+ " parameters.");
	}

	@Test
	void delayOnANonDurationFailsNamingTheMethodAndTheParameter() {
		assertFails(DelayOnString.class, "Actor client method DelayOnString.sendEmail(String, String) has @Delay on"
				+ " parameter 'when' of type String. Declare the delay as a java.time.Duration, or a long");
	}

	@Test
	void twoDelaysFailNamingTheMethod() {
		assertFails(TwoDelays.class,
				"Actor client method TwoDelays.sendEmail(String, Duration, long) has two @Delay parameters.");
	}

	@Test
	void keywordSentTwiceFailsNamingTheMethod() {
		assertFails(TwoKwargs.class,
				"Actor client method TwoKwargs.sendEmail(String, String) sends keyword argument 'to' twice.");
	}

	@Test
	void actorRefOnADefaultMethodFailsNamingTheMethod() {
		assertFails(DefaultRef.class,
				"Actor client method DefaultRef.sendEmail(String) has @ActorRef but is a default method");
	}

	@Test
	void invalidQueueNameFailsNamingTheMethod() {
		assertFails(InvalidQueue.class, "Actor client method InvalidQueue.sendEmail(String) of actor 'send_email':");
	}

	@Test
	void queueOtherThanTheLocalActorsFailsNamingTheMethodAndTheActor() {
		assertFails(WrongQueue.class,
				"Actor client method WrongQueue.sendEmail(String, String) does not fit actor 'send_email' on"
						+ " Mail.sendEmail(String, String): it names queue 'mail' but the actor is on queue 'emails'.");
	}

	@Test
	void clientLevelQueueIsCheckedToo() {
		assertFails(WrongClientQueue.class,
				"Actor client method WrongClientQueue.sendEmail(String, String) does not fit actor 'send_email'");
	}

	@Test
	void tooManyArgumentsFailNamingTheMethodAndTheActor() {
		assertFails(TooMany.class, "Actor client method TooMany.sendEmail(String, String, String) does not fit actor"
				+ " 'send_email' on Mail.sendEmail(String, String): it sends 3 positional arguments but the actor"
				+ " method takes 2.");
	}

	@Test
	void missingArgumentFailsNamingTheParameter() {
		assertFails(TooFew.class, "Actor client method TooFew.sendEmail(String) does not fit actor 'send_email' on"
				+ " Mail.sendEmail(String, String): it sends no value for parameter 'body' (String).");
	}

	@Test
	void unknownKeywordFailsNamingTheParameters() {
		assertFails(UnknownKwarg.class,
				"it sends keyword argument 'text' but the actor method has no such parameter. Use one of its"
						+ " parameter names: to, body.");
	}

	@Test
	void keywordAlsoSentPositionallyFails() {
		assertFails(KwargTwice.class, "it sends parameter 'to' twice: as positional argument 0 and as a keyword");
	}

	@Test
	void argumentOfAnotherJsonKindFailsNamingTheParameter() {
		assertFails(WrongKind.class,
				"Actor client method WrongKind.sendEmail(int, String) does not fit actor"
						+ " 'send_email' on Mail.sendEmail(String, String): it sends int (a JSON number) for parameter"
						+ " 'to' (String) (a JSON string).");
	}

	@Test
	void listWhereTheActorTakesAStringFails() {
		assertFails(ListForString.class, "it sends List (a JSON array) for parameter 'body' (String)");
	}

	@Test
	void messageResultWithoutAResultsBackendFailsNamingTheMethod() {
		assertFails(ResultClient.class, "Actor client method ResultClient.sendEmail(String, String) returns a"
				+ " MessageResult, but no results backend is configured.");
	}

	@Test
	void remoteActorOnTwoQueuesFailsNamingTheMethod() {
		assertFails(TwoRemoteQueues.class,
				"Actor client method TwoRemoteQueues.b(String) cannot send to remote actor 'py_report' on queue 'b'");
	}

	@Test
	void interfaceWithoutActorClientIsRefused() {
		assertFails(NotAClient.class, NotAClient.class.getName() + " is not an @ActorClient interface.");
	}

	@Test
	void failureIsAnalyzedAsTheProblemAndItsFix() {
		this.contextRunner.withInitializer((context) -> register(context, WrongKind.class)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new ActorDefinitionFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).startsWith("Actor client method WrongKind.sendEmail(int, String)");
			assertThat(analysis.getAction())
				.isEqualTo("Declare the client's parameter with a type the actor's parameter binds from.");
		});
	}

	@Test
	void failureIsReportedAtStartUp(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(FailingApplication.class).web(WebApplicationType.NONE)
				.properties("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false", "spring.main.banner-mode=off")
				.run()
				.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Actor client method TooFew.sendEmail(String) does not fit actor 'send_email'");
	}

	private void assertFails(Class<?> client, String message) {
		this.contextRunner.withInitializer((context) -> register(context, client)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(clientFailure(context.getStartupFailure())).hasMessageContaining(message);
		});
	}

	private static ActorClientDefinitionException clientFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ActorClientDefinitionException definition) {
				return definition;
			}
		}
		throw new AssertionError("No ActorClientDefinitionException in " + failure, failure);
	}

	private static void register(Object context, Class<?> client) {
		GenericApplicationContext generic = (GenericApplicationContext) context;
		new ActorClientScanner(generic, generic.getEnvironment(), generic).register(client);
	}

	@ActorClient
	interface WrongReturn {

		@ActorRef(name = "send_email")
		String sendEmail(String to, String body);

	}

	@ActorClient
	interface TwoOptions {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, SendOptions first, SendOptions second);

	}

	@ActorClient
	interface DelayOnString {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, @Delay String when);

	}

	@ActorClient
	interface TwoDelays {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, @Delay Duration first, @Delay long second);

	}

	@ActorClient
	interface TwoKwargs {

		@ActorRef(name = "send_email")
		Message sendEmail(@Kwarg("to") String first, @Kwarg("to") String second);

	}

	@ActorClient
	interface DefaultRef {

		@ActorRef(name = "send_email")
		default Message sendEmail(String to) {
			return null;
		}

	}

	@ActorClient
	interface InvalidQueue {

		@ActorRef(name = "send_email", queue = "emails.DQ")
		Message sendEmail(String to);

	}

	@ActorClient
	interface WrongQueue {

		@ActorRef(name = "send_email", queue = "mail")
		Message sendEmail(String to, String body);

	}

	@ActorClient(queue = "mail")
	interface WrongClientQueue {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, String body);

	}

	@ActorClient
	interface TooMany {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, String body, String extra);

	}

	@ActorClient
	interface TooFew {

		@ActorRef(name = "send_email")
		Message sendEmail(String to);

	}

	@ActorClient
	interface UnknownKwarg {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, @Kwarg("text") String body);

	}

	@ActorClient
	interface KwargTwice {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, @Kwarg("to") String again);

	}

	@ActorClient
	interface WrongKind {

		@ActorRef(name = "send_email")
		Message sendEmail(int to, String body);

	}

	@ActorClient
	interface ListForString {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, List<String> body);

	}

	@ActorClient
	interface ResultClient {

		@ActorRef(name = "send_email")
		MessageResult<Void> sendEmail(String to, String body);

	}

	@ActorClient
	interface TwoRemoteQueues {

		@ActorRef(name = "py_report", queue = "a")
		void a(String id);

		@ActorRef(name = "py_report", queue = "b")
		void b(String id);

	}

	interface NotAClient {

		void sendEmail(String to);

	}

	public static class Mail {

		@Actor(name = "send_email", queueName = "emails")
		public void sendEmail(String to, String body) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MailConfiguration {

		@Bean
		Mail mail() {
			return new Mail();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	@EnableActorClients(clients = TooFew.class)
	static class FailingApplication {

		@Bean
		Mail mail() {
			return new Mail();
		}

	}

}
