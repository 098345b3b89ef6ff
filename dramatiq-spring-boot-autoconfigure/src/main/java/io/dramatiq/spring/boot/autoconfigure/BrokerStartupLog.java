package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.type.MethodMetadata;

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
	static String describe(Broker broker) {
		String kind = switch (broker.type()) {
			case "rabbitmq" -> "RabbitMQ";
			case "redis" -> "Redis";
			case "stub" -> "stub (in memory)";
			default -> broker.type() + " (" + broker.getClass().getName() + ")";
		};
		return kind + broker.address().map((address) -> " at " + address).orElse("");
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

}
