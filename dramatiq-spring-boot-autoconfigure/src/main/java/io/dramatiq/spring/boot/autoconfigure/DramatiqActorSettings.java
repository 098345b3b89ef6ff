package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of one actor, or of every actor under {@code dramatiq.actors.defaults}, with
 * Python Dramatiq's names in kebab-case. A value left unset falls through to the next
 * lower layer: the {@code @Actor} attribute, then {@code dramatiq.actors.defaults}, then
 * Python's default.
 */
public class DramatiqActorSettings {

	/**
	 * Maximum number of times a failed message is retried; -1 retries forever.
	 */
	private Integer maxRetries;

	/**
	 * Minimum backoff before the first retry; it doubles with every retry.
	 */
	private Duration minBackoff;

	/**
	 * Maximum backoff between two retries, at most 7 days.
	 */
	private Duration maxBackoff;

	/**
	 * How long one run of the actor may take before it is interrupted.
	 */
	private Duration timeLimit;

	/**
	 * Age after which a message is dead-lettered without running.
	 */
	private Duration maxAge;

	/**
	 * Whether the actor is interrupted when the worker shuts down, so that it is retried.
	 */
	private Boolean notifyShutdown;

	/**
	 * Fully qualified names of exception classes that are never retried.
	 */
	private List<String> throwsTypes = new ArrayList<>();

	/**
	 * Name of a RetryWhen (or BiPredicate<Integer, Throwable>) bean that decides whether
	 * to retry, instead of max-retries.
	 */
	private String retryWhen;

	/**
	 * Actor that receives the message and its result when it succeeds.
	 */
	private String onSuccess;

	/**
	 * Actor that receives the message and the exception after every failure.
	 */
	private String onFailure;

	/**
	 * Actor that receives the message when its retries are exhausted.
	 */
	private String onRetryExhausted;

	/**
	 * Other actor options, for middleware of your own, by Python name in kebab-case or in
	 * brackets.
	 */
	private Map<String, Object> options = new LinkedHashMap<>();

	public Integer getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(Integer maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getMinBackoff() {
		return this.minBackoff;
	}

	public void setMinBackoff(Duration minBackoff) {
		this.minBackoff = minBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getTimeLimit() {
		return this.timeLimit;
	}

	public void setTimeLimit(Duration timeLimit) {
		this.timeLimit = timeLimit;
	}

	public Duration getMaxAge() {
		return this.maxAge;
	}

	public void setMaxAge(Duration maxAge) {
		this.maxAge = maxAge;
	}

	public Boolean getNotifyShutdown() {
		return this.notifyShutdown;
	}

	public void setNotifyShutdown(Boolean notifyShutdown) {
		this.notifyShutdown = notifyShutdown;
	}

	/**
	 * Return the names of exception classes that are never retried (the {@code throws}
	 * option; {@code throws} is a Java keyword, hence the field's name).
	 * @return the class names
	 */
	public List<String> getThrows() {
		return this.throwsTypes;
	}

	public void setThrows(List<String> throwsTypes) {
		this.throwsTypes = throwsTypes;
	}

	public String getRetryWhen() {
		return this.retryWhen;
	}

	public void setRetryWhen(String retryWhen) {
		this.retryWhen = retryWhen;
	}

	public String getOnSuccess() {
		return this.onSuccess;
	}

	public void setOnSuccess(String onSuccess) {
		this.onSuccess = onSuccess;
	}

	public String getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(String onFailure) {
		this.onFailure = onFailure;
	}

	public String getOnRetryExhausted() {
		return this.onRetryExhausted;
	}

	public void setOnRetryExhausted(String onRetryExhausted) {
		this.onRetryExhausted = onRetryExhausted;
	}

	public Map<String, Object> getOptions() {
		return this.options;
	}

	public void setOptions(Map<String, Object> options) {
		this.options = options;
	}

}
