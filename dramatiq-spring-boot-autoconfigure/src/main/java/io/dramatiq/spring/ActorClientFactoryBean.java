package io.dramatiq.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import io.dramatiq.results.MessageResult;
import io.dramatiq.results.Results;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartFactoryBean;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * Creates the bean of an {@link ActorClient @ActorClient} interface: a JDK proxy whose
 * methods send through {@link ActorProxy} objects, so every send of a typed client
 * behaves as a send of the actor's proxy. For each method it finds the actor:
 * <ul>
 * <li>an {@link io.dramatiq.actor.Actor @Actor} method of this application: the method is
 * checked against it and sends through its {@code ActorProxy} bean;</li>
 * <li>an actor declared on the broker otherwise: the queue is checked;</li>
 * <li>else a remote actor: it is registered on the broker's registry with its queue,
 * which is declared so messages can be published to it (the worker does not consume a
 * queue only remote actors use).</li>
 * </ul>
 * The client is created with the other singletons. Mistakes fail the creation with an
 * {@link ActorClientDefinitionException} naming the method.
 *
 * @param <T> the client interface
 */
public class ActorClientFactoryBean<T> implements SmartFactoryBean<T>, BeanFactoryAware {

	private static final Logger logger = LoggerFactory.getLogger(ActorClientFactoryBean.class);

	private final Class<T> client;

	private BeanFactory beanFactory;

	private T proxy;

	/**
	 * Create a factory for a client interface.
	 * @param client the {@code @ActorClient} interface
	 */
	public ActorClientFactoryBean(Class<T> client) {
		this.client = Objects.requireNonNull(client, "'client' must not be null");
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public synchronized T getObject() {
		if (this.proxy == null) {
			this.proxy = create();
		}
		return this.proxy;
	}

	@Override
	public Class<T> getObjectType() {
		return this.client;
	}

	/**
	 * Create the client with the other singletons, so that its methods are checked and
	 * its remote actors registered at start-up, before the worker starts.
	 * @return {@code true}
	 */
	@Override
	public boolean isEagerInit() {
		return true;
	}

	private T create() {
		Assert.state(this.beanFactory != null, "No BeanFactory set");
		List<ActorClientMethod> methods = ActorClientMethod.find(this.client);
		ActorBeanPostProcessor actors = this.beanFactory.getBeanProvider(ActorBeanPostProcessor.class).getIfUnique();
		Broker broker = this.beanFactory.getBean(Broker.class);
		Supplier<ArgumentEncoder> encoder = SingletonSupplier.of(() -> (actors != null) ? actors.argumentEncoder()
				: new ArgumentEncoder(this.beanFactory.getBeanProvider(JsonMapper.class)
					.getIfUnique(() -> JsonMapper.builder().build())));
		Supplier<TransactionalSends> sends = SingletonSupplier
			.of(() -> this.beanFactory.getBeanProvider(TransactionalSends.class).getIfUnique(TransactionalSends::new));
		Map<String, ActorProxy> proxies = new HashMap<>();
		Map<Method, ActorClientInvocationHandler.Target> targets = new LinkedHashMap<>();
		for (ActorClientMethod method : methods) {
			ActorProxy actor = proxies.get(method.actorName());
			ActorMethod local = (actors != null) ? actors.actorMethod(method.actorName()) : null;
			if (local != null) {
				ActorClientCheck.check(method, local);
				if (actor == null) {
					actor = this.beanFactory.getBean(local.actorName(), ActorProxy.class);
				}
			}
			else {
				actor = other(method, actor, broker, encoder, sends);
			}
			proxies.put(method.actorName(), actor);
			targets.put(method.method(),
					new ActorClientInvocationHandler.Target(method, actor, results(method, actor, broker)));
		}
		return ActorClientInvocationHandler.proxy(this.client, targets);
	}

	private ActorProxy other(ActorClientMethod method, ActorProxy known, Broker broker,
			Supplier<ArgumentEncoder> encoder, Supplier<TransactionalSends> sends) {
		ActorDefinition declared = broker.actors().find(method.actorName()).orElse(null);
		if (declared != null) {
			if (method.queueName() != null && !method.queueName().equals(declared.queueName())) {
				throw new ActorClientDefinitionException(
						"Actor client method " + method.describe() + " names queue '" + method.queueName()
								+ "' but actor '" + declared.actorName() + "' is on queue '" + declared.queueName()
								+ "'.",
						"Name queue '" + declared.queueName() + "' in @ActorRef (or @ActorClient), or leave it out.");
			}
			return (known != null) ? known
					: new ActorProxy(declared.actorName(), declared.queueName(), () -> broker, encoder, sends);
		}
		String queueName = method.queueName();
		if (queueName == null) {
			queueName = broker.actors().remoteActors().getOrDefault(method.actorName(), QueueNames.DEFAULT_QUEUE);
		}
		try {
			broker.actors().registerRemote(method.actorName(), queueName);
		}
		catch (IllegalStateException ex) {
			throw new ActorClientDefinitionException(
					"Actor client method " + method.describe() + " cannot send to remote actor '" + method.actorName()
							+ "' on queue '" + queueName + "': " + ex.getMessage(),
					"Name one queue for the actor in every @ActorRef that references it.", ex);
		}
		broker.declareQueue(queueName);
		if (known != null) {
			return known;
		}
		logger.debug("Actor client {} sends to remote actor '{}' on queue '{}'.", this.client.getName(),
				method.actorName(), queueName);
		return new ActorProxy(method.actorName(), queueName, () -> broker, encoder, sends);
	}

	private static BiFunction<Message, Type, MessageResult<?>> results(ActorClientMethod method, ActorProxy actor,
			Broker broker) {
		if (method.returns() != ActorClientMethod.Returns.RESULT) {
			return null;
		}
		Results results;
		try {
			results = Results.of(broker);
		}
		catch (IllegalStateException ex) {
			throw new ActorClientDefinitionException(
					"Actor client method " + method.describe() + " returns a MessageResult, but no results backend is"
							+ " configured.",
					"Configure a results backend (with Spring Boot, set dramatiq.results.backend to redis or stub),"
							+ " or return Message.",
					ex);
		}
		return (message, type) -> (type == Object.class) ? actor.result(message) : results.result(message, type);
	}

	@Override
	public String toString() {
		return "ActorClientFactoryBean[" + this.client.getName() + "]";
	}

}
