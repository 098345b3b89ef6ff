package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.type.MethodMetadata;
import org.springframework.util.ClassUtils;

/**
 * Says at start-up, at INFO, which broker the application got, where it connects and why
 * that broker: "Dramatiq broker: RabbitMQ at 127.0.0.1:5672, detected from
 * spring-boot-starter-amqp on the class path." Addresses are host and port only, never
 * the user names and passwords that {@code spring.rabbitmq.addresses} or
 * {@code spring.data.redis.url} may hold.
 */
class BrokerStartupLog implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(BrokerStartupLog.class);

	private static final String BROKER_BEAN = "dramatiqBroker";

	private final ConfigurableListableBeanFactory beanFactory;

	private final Environment environment;

	BrokerStartupLog(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String[] names = this.beanFactory.getBeanNamesForType(Broker.class, false, false);
		if (names.length != 1) {
			return;
		}
		Broker broker = this.beanFactory.getBean(names[0], Broker.class);
		logger.info("Dramatiq broker: {}, {}.", describe(broker), source(names[0]));
	}

	/**
	 * Describe a broker and where it connects, without credentials.
	 * @param broker the broker
	 * @return the description, such as "RabbitMQ at 127.0.0.1:5672"
	 */
	String describe(Broker broker) {
		ClassLoader classLoader = this.beanFactory.getBeanClassLoader();
		return switch (broker.type()) {
			case "rabbitmq" -> "RabbitMQ" + (isPresent(OnBrokerTypeCondition.SPRING_AMQP_CLASS, classLoader)
					? address(RabbitmqAddress.of(this.beanFactory)) : "");
			case "redis" -> "Redis" + (isPresent(OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS, classLoader)
					? address(RedisAddress.of(this.beanFactory)) : "");
			case "stub" -> "stub (in memory)";
			default -> broker.type() + " (" + broker.getClass().getName() + ")";
		};
	}

	private static boolean isPresent(String className, ClassLoader classLoader) {
		return ClassUtils.isPresent(className, classLoader);
	}

	private static String address(String address) {
		return (address != null) ? " at " + address : "";
	}

	private String source(String beanName) {
		if (!isAutoConfigured(beanName)) {
			return "defined by the application as bean '" + beanName + "'";
		}
		if (OnBrokerTypeCondition.configured(this.environment) != null) {
			return "set by " + OnBrokerTypeCondition.PROPERTY;
		}
		return switch (OnBrokerTypeCondition.detect(this.beanFactory.getBeanClassLoader())) {
			case RABBITMQ -> "detected from spring-boot-starter-amqp on the class path";
			case REDIS -> "detected from spring-boot-starter-data-redis on the class path (without Spring AMQP)";
			case STUB -> "chosen because neither Spring AMQP nor Spring Data Redis is on the class path";
		};
	}

	private boolean isAutoConfigured(String beanName) {
		if (!BROKER_BEAN.equals(beanName) || !this.beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getBeanDefinition(beanName);
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		return factoryMethod != null
				&& factoryMethod.getDeclaringClassName().startsWith(BrokerStartupLog.class.getPackageName() + ".");
	}

	/**
	 * Where the RabbitMQ broker connects, from Spring AMQP's and Spring Boot's types,
	 * loaded only when Spring AMQP is on the class path.
	 */
	static final class RabbitmqAddress {

		private static final String BOOT_CONNECTION_FACTORY = "rabbitConnectionFactory";

		private RabbitmqAddress() {
		}

		static String of(ListableBeanFactory beanFactory) {
			// Spring Boot's connection factory connects to its connection details, which
			// hold the addresses without credentials
			if (beanFactory.containsBean(BOOT_CONNECTION_FACTORY) && ClassUtils
				.isPresent("org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails", null)) {
				String addresses = BootDetails.of(beanFactory);
				if (addresses != null) {
					return addresses;
				}
			}
			org.springframework.amqp.rabbit.connection.ConnectionFactory factory = beanFactory
				.getBeanProvider(org.springframework.amqp.rabbit.connection.ConnectionFactory.class)
				.getIfUnique();
			return (factory != null) ? factory.getHost() + ":" + factory.getPort() : null;
		}

		private static final class BootDetails {

			static String of(ListableBeanFactory beanFactory) {
				org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails details = beanFactory
					.getBeanProvider(org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails.class)
					.getIfUnique();
				if (details == null) {
					return null;
				}
				return String.join(", ",
						details.getAddresses()
							.stream()
							.map((address) -> address.host() + ":" + address.port())
							.toList());
			}

		}

	}

	/**
	 * Where the Redis broker connects, from its Lettuce connection factory, loaded only
	 * when Spring Data Redis is on the class path.
	 */
	static final class RedisAddress {

		private RedisAddress() {
		}

		static String of(ListableBeanFactory beanFactory) {
			org.springframework.data.redis.connection.RedisConnectionFactory factory = beanFactory
				.getBeanProvider(org.springframework.data.redis.connection.RedisConnectionFactory.class)
				.getIfUnique();
			if (!(factory instanceof org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory lettuce)) {
				return null;
			}
			if (lettuce.getSentinelConfiguration() != null) {
				return "Sentinel master '" + lettuce.getSentinelConfiguration().getMaster().getName() + "' via "
						+ nodes(lettuce.getSentinelConfiguration().getSentinels());
			}
			if (lettuce.getClusterConfiguration() != null) {
				return "cluster nodes " + nodes(lettuce.getClusterConfiguration().getClusterNodes());
			}
			int database = lettuce.getDatabase();
			return lettuce.getHostName() + ":" + lettuce.getPort()
					+ ((database != 0) ? " (database " + database + ")" : "");
		}

		private static String nodes(java.util.Collection<org.springframework.data.redis.connection.RedisNode> nodes) {
			return String.join(", ", nodes.stream().map((node) -> node.getHost() + ":" + node.getPort()).toList());
		}

	}

}
