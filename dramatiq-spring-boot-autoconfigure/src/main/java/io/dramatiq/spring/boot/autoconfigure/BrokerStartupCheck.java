package io.dramatiq.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.dramatiq.Credentials;
import io.dramatiq.broker.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;

/**
 * Pings the broker once its bean exists, before the worker starts, and fails the start
 * with a {@link BrokerUnreachableException} if it does not answer
 * ({@code dramatiq.broker.fail-fast=true}). The settings it reports never show a user or
 * password.
 */
class BrokerStartupCheck implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(BrokerStartupCheck.class);

	private final Broker broker;

	private final Environment environment;

	BrokerStartupCheck(Broker broker, Environment environment) {
		this.broker = broker;
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		try {
			this.broker.ping();
		}
		catch (RuntimeException ex) {
			throw new BrokerUnreachableException(this.broker.type(), settings(), ex);
		}
		logger.info("The {} broker answered at start-up.", this.broker.type());
	}

	private List<String> settings() {
		List<String> settings = new ArrayList<>();
		switch (this.broker.type()) {
			case "rabbitmq" -> {
				add(settings, "spring.rabbitmq.addresses", null);
				if (settings.isEmpty()) {
					add(settings, "spring.rabbitmq.host", "localhost");
					add(settings, "spring.rabbitmq.port", "5672");
				}
			}
			case "redis" -> {
				add(settings, "spring.data.redis.url", null);
				if (settings.isEmpty()) {
					add(settings, "spring.data.redis.host", "localhost");
					add(settings, "spring.data.redis.port", "6379");
				}
			}
			default -> {
			}
		}
		return settings;
	}

	private void add(List<String> settings, String name, String defaultValue) {
		String value = this.environment.getProperty(name, defaultValue);
		if (value != null) {
			// a URL or address may hold a user and password, which must never be shown
			settings.add(name + "=" + Credentials.redact(value));
		}
	}

}
