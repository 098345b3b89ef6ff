package io.dramatiq.spring;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.actor.ActorOptions;
import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.actor.MethodActorFunction;
import io.dramatiq.actor.UnknownActorOptionException;
import io.dramatiq.broker.Broker;
import io.dramatiq.middleware.StandardActorOptions;
import io.dramatiq.ratelimit.RateLimited;
import io.dramatiq.ratelimit.RateLimitedFunction;
import io.dramatiq.ratelimit.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * Turns {@link io.dramatiq.actor.Actor @Actor} bean methods into actors.
 * <ol>
 * <li>Once every bean definition is known, it scans each bean's class (the target class
 * behind an AOP proxy) for {@code @Actor} methods, checks them (unique names, valid
 * queues, callable methods) and registers one {@link ActorProxy} bean per actor, named
 * after the actor and aliased by the method name when that is unambiguous. Proxies are
 * therefore injectable anywhere, constructors included.</li>
 * <li>Once the singletons exist, it declares each actor on the {@link Broker} bean with
 * the bean as the application sees it (its proxy, if any), so that a worker started
 * afterwards knows every actor. A proxy that sends earlier declares its actor first. The
 * actor's options merge, lowest first, Python's defaults, the global defaults of the
 * {@link ActorOptionLayers} bean (if any), the {@code @Actor} attributes and the actor's
 * own options from that bean; {@code retry_when} may name a bean. An invalid value, or an
 * option that no middleware of the broker declares, fails start-up naming the actor, the
 * option and where it is set.</li>
 * <li>A bean whose class shows {@code @Actor} methods only once created (a {@code @Bean}
 * method returning an interface) gets its proxies registered when it is created.</li>
 * </ol>
 * Arguments bind with the application's unique {@link JsonMapper} bean, or a default one;
 * the proxies' sends follow the transaction as the unique {@link TransactionalSends} bean
 * says, or a default one (switched on). Declare this post-processor from a {@code static}
 * {@code @Bean} method.
 */
public class ActorBeanPostProcessor implements BeanDefinitionRegistryPostProcessor, BeanPostProcessor,
		SmartInitializingSingleton, BeanFactoryAware {

	private static final Logger logger = LoggerFactory.getLogger(ActorBeanPostProcessor.class);

	private final Map<String, List<ActorMethod>> actorsByBean = new ConcurrentHashMap<>();

	private final Map<String, ActorMethod> actorsByName = new ConcurrentHashMap<>();

	private final Set<Class<?>> classesWithoutActors = ConcurrentHashMap.newKeySet();

	private final Set<String> declaredBeans = ConcurrentHashMap.newKeySet();

	private final Supplier<Broker> broker = SingletonSupplier.of(() -> beanFactory().getBean(Broker.class));

	private final Supplier<JsonMapper> jsonMapper = SingletonSupplier
		.of(() -> beanFactory().getBeanProvider(JsonMapper.class).getIfUnique(() -> JsonMapper.builder().build()));

	private final Supplier<ArgumentEncoder> argumentEncoder = SingletonSupplier
		.of(() -> new ArgumentEncoder(this.jsonMapper.get()));

	private final Supplier<TransactionalSends> transactionalSends = SingletonSupplier
		.of(() -> beanFactory().getBeanProvider(TransactionalSends.class)
			.getIfUnique(() -> new TransactionalSends(true, beanFactory().getBeanClassLoader())));

	private final Supplier<ActorOptionLayers> layers = SingletonSupplier
		.of(() -> beanFactory().getBeanProvider(ActorOptionLayers.class).getIfUnique(NoLayers::new));

	private final Supplier<ActorOptionsResolver> optionsResolver = SingletonSupplier.of(() -> new ActorOptionsResolver(
			StandardActorOptions.create().withReferenceResolver((name, type) -> beanFactory().getBean(name, type)),
			this.layers.get()));

	private final Map<String, ActorOptions.Resolved> resolvedOptions = new ConcurrentHashMap<>();

	private ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory,
				"ActorBeanPostProcessor needs a ConfigurableListableBeanFactory");
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		// Scanning waits for postProcessBeanFactory, when every registry post-processor
		// has added its bean definitions.
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		if (!(beanFactory instanceof BeanDefinitionRegistry registry)) {
			return;
		}
		List<ActorMethod> found = new ArrayList<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			List<ActorMethod> methods = scanDefinition(beanName);
			if (!methods.isEmpty()) {
				requireSingleton(beanName, methods.get(0));
				this.actorsByBean.put(beanName, methods);
				methods.forEach(this::add);
				found.addAll(methods);
			}
		}
		for (ActorMethod actor : found) {
			checkBeanNameIsFree(registry, actor);
			registry.registerBeanDefinition(actor.actorName(),
					new RootBeanDefinition(ActorProxy.class, () -> createProxy(actor)));
		}
		registerMethodNameAliases(registry, found);
	}

	private List<ActorMethod> scanDefinition(String beanName) {
		BeanDefinition definition = this.beanFactory.getBeanDefinition(beanName);
		if (definition.isAbstract() || definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE
				|| ScopedProxyUtils.isScopedTarget(beanName)) {
			return List.of();
		}
		Class<?> type;
		try {
			type = this.beanFactory.getType(beanName, false);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Could not resolve the type of bean '{}'; looking for @Actor methods when it is created.",
					beanName, ex);
			return List.of();
		}
		if (type == null || this.classesWithoutActors.contains(type)) {
			return List.of();
		}
		List<ActorMethod> methods = ActorMethod.find(type, beanName);
		if (methods.isEmpty()) {
			this.classesWithoutActors.add(type);
		}
		return methods;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (this.actorsByBean.containsKey(beanName) || bean instanceof AopInfrastructureBean
				|| bean instanceof FactoryBean || bean instanceof ActorProxy) {
			return bean;
		}
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutActors.contains(targetClass)) {
			return bean;
		}
		List<ActorMethod> methods = ActorMethod.find(targetClass, beanName);
		if (methods.isEmpty()) {
			this.classesWithoutActors.add(targetClass);
			return bean;
		}
		// The definition did not show the bean's class (a @Bean method returning an
		// interface): expose the proxies now, for beans created later.
		requireSingleton(beanName, methods.get(0));
		methods.forEach(this::add);
		this.actorsByBean.put(beanName, methods);
		for (ActorMethod actor : methods) {
			checkBeanNameIsFree((BeanDefinitionRegistry) this.beanFactory, actor);
			this.beanFactory.registerSingleton(actor.actorName(), createProxy(actor));
		}
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		// Declare lazy actor beans too: a worker dead-letters messages of unknown actors.
		this.actorsByBean.keySet().forEach(this::declareActorsOf);
		this.layers.get().actorsDeclared(Set.copyOf(this.actorsByName.keySet()));
		if (logger.isDebugEnabled()) {
			logger.debug("Declared actors {}.", this.actorsByName.keySet());
		}
	}

	private void add(ActorMethod actor) {
		ActorMethod existing = this.actorsByName.putIfAbsent(actor.actorName(), actor);
		if (existing != null && existing != actor) {
			String first = existing.describe() + describeBean(existing, actor);
			String second = actor.describe() + describeBean(actor, existing);
			throw new ActorDefinitionException(
					"Actor '" + actor.actorName() + "' is declared twice: on " + first + " and on " + second + ".",
					"Give one of them a different @Actor(name).");
		}
	}

	private static String describeBean(ActorMethod actor, ActorMethod other) {
		return actor.method().equals(other.method()) ? " of bean '" + actor.beanName() + "'" : "";
	}

	private void requireSingleton(String beanName, ActorMethod actor) {
		boolean singleton = this.beanFactory.containsBeanDefinition(beanName)
				&& this.beanFactory.getMergedBeanDefinition(beanName).isSingleton();
		if (!singleton) {
			throw new ActorDefinitionException(
					"@Actor method " + actor.describe() + " is on bean '" + beanName + "', which is not a singleton.",
					"Declare @Actor methods on singleton beans.");
		}
	}

	private void checkBeanNameIsFree(BeanDefinitionRegistry registry, ActorMethod actor) {
		String name = actor.actorName();
		if (registry.containsBeanDefinition(name) || registry.isAlias(name)
				|| this.beanFactory.containsSingleton(name)) {
			throw new ActorDefinitionException(
					"Actor '" + name + "' on " + actor.describe()
							+ " cannot be exposed as an ActorProxy bean: a bean named '" + name + "' already exists.",
					"Give the actor a different @Actor(name) or rename the other bean.");
		}
	}

	private void registerMethodNameAliases(BeanDefinitionRegistry registry, List<ActorMethod> actors) {
		Map<String, List<ActorMethod>> byMethodName = new LinkedHashMap<>();
		for (ActorMethod actor : actors) {
			byMethodName.computeIfAbsent(actor.method().getName(), (name) -> new ArrayList<>()).add(actor);
		}
		byMethodName.forEach((methodName, candidates) -> {
			ActorMethod actor = candidates.get(0);
			boolean free = candidates.size() == 1 && !methodName.equals(actor.actorName())
					&& !registry.containsBeanDefinition(methodName) && !registry.isAlias(methodName);
			if (free) {
				registry.registerAlias(actor.actorName(), methodName);
			}
		});
	}

	private ActorProxy createProxy(ActorMethod actor) {
		return new ActorProxy(actor.actorName(), actor.queueName(), () -> {
			declareActorsOf(actor.beanName());
			return this.broker.get();
		}, this.argumentEncoder, this.transactionalSends);
	}

	private void declareActorsOf(String beanName) {
		if (this.declaredBeans.contains(beanName)) {
			return;
		}
		// The bean as the application sees it: every post-processor (AOP, user
		// wrappers) has run, so calls go through its proxy, as direct calls do.
		Object bean = beanFactory().getBean(beanName);
		synchronized (this.declaredBeans) {
			if (this.declaredBeans.add(beanName)) {
				for (ActorMethod actor : this.actorsByBean.get(beanName)) {
					declare(bean, actor);
				}
			}
		}
	}

	private void declare(Object bean, ActorMethod actor) {
		Method invocable;
		try {
			invocable = AopUtils.selectInvocableMethod(actor.method(), bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw new ActorDefinitionException(
					"@Actor method " + actor.describe() + " cannot be called through the JDK proxy of bean '"
							+ actor.beanName() + "': no interface of the proxy declares it.",
					"Declare the method on an interface the bean implements, or use class-based proxies.", ex);
		}
		ActorFunction function = rateLimited(actor, new MethodActorFunction(bean, invocable, this.jsonMapper.get()));
		ActorOptionsResolver resolver = this.optionsResolver.get();
		ActorOptions.Resolved resolved = resolver.resolve(actor);
		try {
			this.broker.get()
				.declareActor(new ActorDefinition(actor.actorName(), actor.queueName(), actor.priority(),
						resolved.options(), function));
		}
		catch (UnknownActorOptionException ex) {
			throw resolver.unknownOption(actor, resolved, ex);
		}
		this.resolvedOptions.put(actor.actorName(), resolved);
		logger.debug("Declared actor '{}' on queue '{}' for {} with options {}.", actor.actorName(), actor.queueName(),
				actor.describe(), resolved.options());
	}

	private ActorFunction rateLimited(ActorMethod actor, ActorFunction function) {
		RateLimited rateLimited = AnnotatedElementUtils.findMergedAnnotation(actor.method(), RateLimited.class);
		if (rateLimited == null) {
			return function;
		}
		String name = rateLimited.value();
		if (!beanFactory().containsBean(name) || !beanFactory().isTypeMatch(name, RateLimiter.class)) {
			String[] defined = beanFactory().getBeanNamesForType(RateLimiter.class);
			throw new ActorDefinitionException("@RateLimited(\"" + name + "\") on @Actor method " + actor.describe()
					+ " names no RateLimiter bean; "
					+ ((defined.length > 0) ? "the rate limiters defined are " + String.join(", ", defined) + "."
							: "no rate limiter is defined."),
					"Declare the limiter with dramatiq.rate-limiters." + name
							+ ".type (and its limit), or define a RateLimiter bean named '" + name
							+ "', or correct the name.");
		}
		return new RateLimitedFunction(function, beanFactory().getBean(name, RateLimiter.class));
	}

	/**
	 * Describe where an option of a declared actor was set, for messages: a property, an
	 * {@code @Actor} attribute or the built-in default.
	 * @param actorName the actor name
	 * @param option the option's Python name
	 * @return the description, or "the actor's options" for an actor this post-processor
	 * did not declare
	 */
	public String describeOrigin(String actorName, String option) {
		ActorMethod actor = this.actorsByName.get(actorName);
		ActorOptions.Resolved resolved = this.resolvedOptions.get(actorName);
		ActorOptions.Setting setting = (resolved != null) ? resolved.settings().get(option) : null;
		if (actor == null || setting == null) {
			return "the actor's options";
		}
		return this.optionsResolver.get().origin(actor, setting.source(), option);
	}

	/**
	 * Return the effective options of the actors declared so far, with where each value
	 * came from.
	 * @return the resolved options by actor name
	 */
	public Map<String, ActorOptions.Resolved> resolvedOptions() {
		return Map.copyOf(this.resolvedOptions);
	}

	/**
	 * Return the {@code @Actor} method of an actor found so far, for checking typed
	 * clients against it.
	 * @param actorName the actor name
	 * @return the actor method, or {@code null}
	 */
	ActorMethod actorMethod(String actorName) {
		return this.actorsByName.get(actorName);
	}

	/**
	 * Return the encoder the actor proxies use.
	 * @return the encoder
	 */
	ArgumentEncoder argumentEncoder() {
		return this.argumentEncoder.get();
	}

	/**
	 * Return the {@code @Actor} methods found so far, by actor name: the method on the
	 * bean's user class, with its annotations (such as
	 * {@link io.dramatiq.schedule.Periodic @Periodic}).
	 * @return the methods by actor name
	 */
	public Map<String, Method> actorMethods() {
		Map<String, Method> methods = new LinkedHashMap<>();
		this.actorsByName.forEach((name, actor) -> methods.put(name, actor.method()));
		return methods;
	}

	private ConfigurableListableBeanFactory beanFactory() {
		Assert.state(this.beanFactory != null, "No BeanFactory set");
		return this.beanFactory;
	}

	/**
	 * Layers used when the application defines no {@link ActorOptionLayers}: only the
	 * {@code @Actor} attributes count.
	 */
	private static final class NoLayers implements ActorOptionLayers {

		@Override
		public Map<String, Object> globalDefaults() {
			return Map.of();
		}

		@Override
		public Map<String, Object> actorOptions(String actorName) {
			return Map.of();
		}

		@Override
		public String describe(ActorOptions.Source source, String actorName, String option) {
			return source.description();
		}

	}

}
