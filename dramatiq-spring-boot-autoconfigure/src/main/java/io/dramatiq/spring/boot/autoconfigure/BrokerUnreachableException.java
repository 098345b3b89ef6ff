package io.dramatiq.spring.boot.autoconfigure;

import java.util.List;

import io.dramatiq.Credentials;
import io.dramatiq.DramatiqException;

/**
 * Raised at start-up when {@code dramatiq.broker.fail-fast} is {@code true} and the
 * broker does not answer. {@link BrokerUnreachableFailureAnalyzer} reports it with the
 * connection settings to check; its message never shows a user or password.
 */
public class BrokerUnreachableException extends DramatiqException {

	/** The broker type. */
	private final String brokerType;

	/** The settings that were used. */
	private final List<String> settings;

	/**
	 * Create an exception.
	 * @param brokerType the broker's type, such as {@code rabbitmq}
	 * @param settings the connection settings in effect, as {@code name=value}, without
	 * credentials
	 * @param cause why the broker could not be reached
	 */
	public BrokerUnreachableException(String brokerType, List<String> settings, Throwable cause) {
		super(Credentials.redact("The " + brokerType + " broker did not answer at start-up"
				+ (settings.isEmpty() ? "" : " (" + String.join(", ", settings) + ")")
				+ " and 'dramatiq.broker.fail-fast' is true: " + cause.getMessage()), cause);
		this.brokerType = brokerType;
		this.settings = List.copyOf(settings);
	}

	/**
	 * Return the broker's type.
	 * @return the type, such as {@code rabbitmq}
	 */
	public String getBrokerType() {
		return this.brokerType;
	}

	/**
	 * Return the connection settings in effect.
	 * @return the settings, as {@code name=value}
	 */
	public List<String> getSettings() {
		return this.settings;
	}

}
