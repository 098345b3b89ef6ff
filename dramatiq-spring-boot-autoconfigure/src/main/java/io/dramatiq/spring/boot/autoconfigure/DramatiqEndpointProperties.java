package io.dramatiq.spring.boot.autoconfigure;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code dramatiq} actuator endpoint, under
 * {@code management.endpoint.dramatiq}, beside Spring Boot's own
 * {@code management.endpoint.dramatiq.access}; they work as the {@code show-values} and
 * {@code roles} of Spring Boot's {@code env} endpoint.
 */
@ConfigurationProperties("management.endpoint.dramatiq")
public class DramatiqEndpointProperties {

	/**
	 * When to show the arguments and tracebacks of dead-lettered messages; otherwise they
	 * read '******'.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles that may see the arguments and tracebacks of dead-lettered messages when
	 * show-values is when-authorized; empty means any authenticated user.
	 */
	private Set<String> roles = new HashSet<>();

	/**
	 * Return the {@code showValues} setting.
	 * @return the value
	 */
	public Show getShowValues() {
		return this.showValues;
	}

	/**
	 * Set the {@code showValues} setting.
	 * @param showValues the value
	 */
	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	/**
	 * Return the {@code roles} setting.
	 * @return the value
	 */
	public Set<String> getRoles() {
		return this.roles;
	}

	/**
	 * Set the {@code roles} setting.
	 * @param roles the value
	 */
	public void setRoles(Set<String> roles) {
		this.roles = roles;
	}

}
