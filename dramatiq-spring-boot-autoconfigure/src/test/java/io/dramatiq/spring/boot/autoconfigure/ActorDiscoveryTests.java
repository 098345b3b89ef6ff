package io.dramatiq.spring.boot.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.Actor;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.spring.ActorDefinitionException;
import io.dramatiq.spring.ActorProxy;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for finding {@link Actor @Actor} bean methods through
 * {@link DramatiqAutoConfiguration}: actors are declared, {@link ActorProxy} beans are
 * injectable, and mistakes fail start-up with a message naming the method and the fix.
 */
class ActorDiscoveryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false");

	@Test
	void actorMethodIsDeclaredOnTheBrokerAndExposedAsActorProxy() {
		this.contextRunner.withUserConfiguration(WordCounterConfiguration.class).run((context) -> {
			ActorDefinition actor = context.getBean(StubBroker.class).actors().get("count_words");
			assertThat(actor.queueName()).isEqualTo("default");
			assertThat(actor.priority()).isZero();
			assertThat(context.getBean(StubBroker.class).queueNames()).containsExactly("default");
			ActorProxy proxy = context.getBean("count_words", ActorProxy.class);
			assertThat(proxy.actorName()).isEqualTo("count_words");
			assertThat(proxy.queueName()).isEqualTo("default");
		});
	}

	@Test
	void actorNameDefaultsToTheMethodName() {
		this.contextRunner.withUserConfiguration(EmailsConfiguration.class).run((context) -> {
			ActorDefinition actor = context.getBean(StubBroker.class).actors().get("sendWelcome");
			assertThat(actor.queueName()).isEqualTo("emails");
			assertThat(actor.priority()).isEqualTo(10);
			assertThat(context.getBean("sendWelcome", ActorProxy.class).queueName()).isEqualTo("emails");
		});
	}

	@Test
	void actorProxyIsInjectableByActorNameAndByMethodName() {
		this.contextRunner.withUserConfiguration(WordCounterConfiguration.class, EmailsConfiguration.class)
			.withBean(CountController.class)
			.run((context) -> {
				CountController controller = context.getBean(CountController.class);
				assertThat(controller.byActorName.actorName()).isEqualTo("count_words");
				assertThat(controller.byMethodName).isSameAs(controller.byActorName);
			});
	}

	@Test
	void actorWorksWhenCalledDirectlyAndThroughItsFunction() throws Exception {
		this.contextRunner.withUserConfiguration(WordCounterConfiguration.class).run((context) -> {
			WordCounter counter = context.getBean(WordCounter.class);
			counter.countWords("direct");
			context.getBean(StubBroker.class).actors().get("count_words").function().call(List.of("queued"), Map.of());
			assertThat(counter.urls()).containsExactly("direct", "queued");
		});
	}

	@Test
	void actorBehindClassBasedProxyIsFoundAndCalledThroughTheProxy() {
		this.contextRunner.withUserConfiguration(WordCounterConfiguration.class, CountingProxyConfiguration.class)
			.run((context) -> {
				WordCounter counter = context.getBean(WordCounter.class);
				assertThat(AopUtils.isCglibProxy(counter)).isTrue();
				context.getBean(StubBroker.class)
					.actors()
					.get("count_words")
					.function()
					.call(List.of("https://example.com"), Map.of());
				assertThat(context.getBean(CountingProxyPostProcessor.class).calls).hasValue(1);
				assertThat(counter.urls()).containsExactly("https://example.com");
			});
	}

	@Test
	void actorBehindInterfaceProxyIsCalledThroughTheInterface() {
		this.contextRunner.withUserConfiguration(GreeterConfiguration.class, CountingProxyConfiguration.class)
			.run((context) -> {
				assertThat(AopUtils.isJdkDynamicProxy(context.getBean(Greeter.class))).isTrue();
				Object result = context.getBean(StubBroker.class)
					.actors()
					.get("greet")
					.function()
					.call(List.of("Ada"), Map.of());
				assertThat(result).isEqualTo("Hello Ada");
				assertThat(context.getBean(CountingProxyPostProcessor.class).calls).hasValue(1);
			});
	}

	@Test
	void runWhenInterfaceProxyHidesTheActorMethodFailsWithHelpfulMessage() {
		this.contextRunner.withUserConfiguration(HiddenActorConfiguration.class, CountingProxyConfiguration.class)
			.run((context) -> assertThat(failure(context)).hasMessage(
					"@Actor method HiddenActor.hidden() cannot be called through the JDK proxy of bean 'hiddenActor': "
							+ "no interface of the proxy declares it. Declare the method on an interface the bean "
							+ "implements, or use class-based proxies."));
	}

	@Test
	void actorOnBeanMethodReturningAnInterfaceIsFoundWhenTheBeanIsCreated() {
		this.contextRunner.withUserConfiguration(InterfaceTypedBeanConfiguration.class).run((context) -> {
			assertThat(context.getBean(StubBroker.class).actors().find("greet")).isPresent();
			assertThat(context.getBean("greet", ActorProxy.class).queueName()).isEqualTo("default");
		});
	}

	@Test
	void lazyActorBeanIsDeclaredBeforeTheWorkerStarts() {
		this.contextRunner.withUserConfiguration(LazyWordCounterConfiguration.class)
			.run((context) -> assertThat(context.getBean(StubBroker.class).actors().find("count_words")).isPresent());
	}

	@Test
	void runWhenTwoActorsShareANameFailsNamingBothMethods() {
		this.contextRunner.withUserConfiguration(WordCounterConfiguration.class, DuplicateNameConfiguration.class)
			.run((context) -> assertThat(failure(context))
				.hasMessage("Actor 'count_words' is declared twice: on WordCounter.countWords(String) and on "
						+ "OtherCounter.count(String). Give one of them a different @Actor(name)."));
	}

	@Test
	void runWhenOneActorClassIsTwoBeansFailsNamingTheBeans() {
		this.contextRunner.withUserConfiguration(WordCounterConfiguration.class, SecondWordCounterConfiguration.class)
			.run((context) -> assertThat(failure(context))
				.hasMessage("Actor 'count_words' is declared twice: on WordCounter.countWords(String) of bean "
						+ "'wordCounter' and on WordCounter.countWords(String) of bean 'secondWordCounter'. "
						+ "Give one of them a different @Actor(name)."));
	}

	@Test
	void runWhenQueueNameIsInvalidFailsNamingTheMethod() {
		this.contextRunner.withBean(InvalidQueue.class)
			.run((context) -> assertThat(failure(context))
				.hasMessageStartingWith(
						"@Actor method InvalidQueue.run() of actor 'run': Queue name 'bad queue' is invalid")
				.hasMessageEndingWith("Change @Actor(queueName) to a valid name such as 'default'."));
	}

	@Test
	void runWhenActorMethodIsFinalFailsWithHelpfulMessage() {
		this.contextRunner.withBean(FinalActor.class)
			.run((context) -> assertThat(failure(context))
				.hasMessage("@Actor method FinalActor.ship(String) is final and cannot be proxied. "
						+ "Remove 'final' or declare the method on an interface."));
	}

	@Test
	void runWhenActorMethodIsPrivateFailsWithHelpfulMessage() {
		this.contextRunner.withBean(PrivateActor.class)
			.run((context) -> assertThat(failure(context))
				.hasMessage("@Actor method PrivateActor.ship(String, int) is private and cannot be called "
						+ "through the bean's proxy. Make it public."));
	}

	@Test
	void runWhenActorMethodIsStaticFailsWithHelpfulMessage() {
		this.contextRunner.withBean(StaticActor.class)
			.run((context) -> assertThat(failure(context)).hasMessage("@Actor method StaticActor.ship() is static. "
					+ "Remove 'static': actors are instance methods of a Spring bean."));
	}

	@Test
	void runWhenActorBeanIsPrototypeFailsWithHelpfulMessage() {
		this.contextRunner.withUserConfiguration(PrototypeConfiguration.class)
			.run((context) -> assertThat(failure(context))
				.hasMessage("@Actor method WordCounter.countWords(String) is on bean 'wordCounter', which is "
						+ "not a singleton. Declare @Actor methods on singleton beans."));
	}

	@Test
	void runWhenActorNameIsTakenByAnotherBeanFailsWithHelpfulMessage() {
		this.contextRunner.withUserConfiguration(WordCounterConfiguration.class)
			.withBean("count_words", String.class, () -> "taken")
			.run((context) -> assertThat(failure(context))
				.hasMessageContaining("a bean named 'count_words' already exists"));
	}

	private static ActorDefinitionException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof ActorDefinitionException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("ActorDefinitionException in the failure's causes").isNotNull();
		return (ActorDefinitionException) failure;
	}

	public static class WordCounter {

		private final List<String> urls = new CopyOnWriteArrayList<>();

		@Actor(name = "count_words")
		public void countWords(String url) {
			this.urls.add(url);
		}

		public List<String> urls() {
			return this.urls;
		}

	}

	public static class OtherCounter {

		@Actor(name = "count_words")
		public void count(String url) {
		}

	}

	public static class Emails {

		@Actor(queueName = "emails", priority = 10)
		public void sendWelcome(String address) {
		}

	}

	public interface Greeter {

		String greet(String name);

	}

	public static class DefaultGreeter implements Greeter {

		@Override
		@Actor
		public String greet(String name) {
			return "Hello " + name;
		}

	}

	public static class HiddenActor implements Greeter {

		@Override
		public String greet(String name) {
			return name;
		}

		@Actor
		public void hidden() {
		}

	}

	public static class InvalidQueue {

		@Actor(queueName = "bad queue")
		public void run() {
		}

	}

	public static class FinalActor {

		@Actor
		public final void ship(String order) {
		}

	}

	public static class PrivateActor {

		@Actor
		private void ship(String order, int count) {
		}

	}

	public static class StaticActor {

		@Actor
		public static void ship() {
		}

	}

	static class CountController {

		final ActorProxy byActorName;

		final ActorProxy byMethodName;

		CountController(@Qualifier("count_words") ActorProxy byActorName, ActorProxy countWords) {
			this.byActorName = byActorName;
			this.byMethodName = countWords;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WordCounterConfiguration {

		@Bean
		WordCounter wordCounter() {
			return new WordCounter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondWordCounterConfiguration {

		@Bean
		WordCounter secondWordCounter() {
			return new WordCounter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyWordCounterConfiguration {

		@Bean
		@Lazy
		WordCounter wordCounter() {
			return new WordCounter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeConfiguration {

		@Bean
		@Scope("prototype")
		WordCounter wordCounter() {
			return new WordCounter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateNameConfiguration {

		@Bean
		OtherCounter otherCounter() {
			return new OtherCounter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EmailsConfiguration {

		@Bean
		Emails emails() {
			return new Emails();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreeterConfiguration {

		@Bean
		DefaultGreeter greeter() {
			return new DefaultGreeter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HiddenActorConfiguration {

		@Bean
		HiddenActor hiddenActor() {
			return new HiddenActor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InterfaceTypedBeanConfiguration {

		@Bean
		Greeter greeter() {
			return new DefaultGreeter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingProxyConfiguration {

		@Bean
		static CountingProxyPostProcessor countingProxyPostProcessor() {
			return new CountingProxyPostProcessor();
		}

	}

	/**
	 * Wraps actor beans in a counting AOP proxy, as {@code @Transactional} would: a
	 * class-based proxy for {@link WordCounter}, an interface-based one for
	 * {@link Greeter}s.
	 */
	static class CountingProxyPostProcessor implements BeanPostProcessor {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof WordCounter) && !(bean instanceof Greeter)) {
				return bean;
			}
			ProxyFactory factory = new ProxyFactory(bean);
			factory.setProxyTargetClass(bean instanceof WordCounter);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				this.calls.incrementAndGet();
				return invocation.proceed();
			});
			return factory.getProxy();
		}

	}

}
