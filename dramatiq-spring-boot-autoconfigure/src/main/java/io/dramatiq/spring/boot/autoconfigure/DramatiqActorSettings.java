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
	 * Whether the actor's return value is stored in the results backend
	 * (dramatiq.results.backend), for callers and pipelines to read.
	 */
	private Boolean storeResults;

	/**
	 * How long a stored result is kept.
	 */
	private Duration resultTtl;

	/**
	 * Other actor options, for middleware of your own, by Python name in kebab-case or in
	 * brackets.
	 */
	private Map<String, Object> options = new LinkedHashMap<>();

	/**
	 * Return the {@code max-retries} setting.
	 * @return the {@code max-retries} setting
	 */
	public Integer getMaxRetries() {
		return this.maxRetries;
	}

	/**
	 * Set the {@code max-retries} setting.
	 * @param maxRetries the new value
	 */
	public void setMaxRetries(Integer maxRetries) {
		this.maxRetries = maxRetries;
	}

	/**
	 * Return the {@code min-backoff} setting.
	 * @return the {@code min-backoff} setting
	 */
	public Duration getMinBackoff() {
		return this.minBackoff;
	}

	/**
	 * Set the {@code min-backoff} setting.
	 * @param minBackoff the new value
	 */
	public void setMinBackoff(Duration minBackoff) {
		this.minBackoff = minBackoff;
	}

	/**
	 * Return the {@code max-backoff} setting.
	 * @return the {@code max-backoff} setting
	 */
	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	/**
	 * Set the {@code max-backoff} setting.
	 * @param maxBackoff the new value
	 */
	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	/**
	 * Return the {@code time-limit} setting.
	 * @return the {@code time-limit} setting
	 */
	public Duration getTimeLimit() {
		return this.timeLimit;
	}

	/**
	 * Set the {@code time-limit} setting.
	 * @param timeLimit the new value
	 */
	public void setTimeLimit(Duration timeLimit) {
		this.timeLimit = timeLimit;
	}

	/**
	 * Return the {@code max-age} setting.
	 * @return the {@code max-age} setting
	 */
	public Duration getMaxAge() {
		return this.maxAge;
	}

	/**
	 * Set the {@code max-age} setting.
	 * @param maxAge the new value
	 */
	public void setMaxAge(Duration maxAge) {
		this.maxAge = maxAge;
	}

	/**
	 * Return the {@code notify-shutdown} setting.
	 * @return the {@code notify-shutdown} setting
	 */
	public Boolean getNotifyShutdown() {
		return this.notifyShutdown;
	}

	/**
	 * Set the {@code notify-shutdown} setting.
	 * @param notifyShutdown the new value
	 */
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

	/**
	 * Set the {@code throws} setting.
	 * @param throwsTypes the new value
	 */
	public void setThrows(List<String> throwsTypes) {
		this.throwsTypes = throwsTypes;
	}

	/**
	 * Return the {@code retry-when} setting.
	 * @return the {@code retry-when} setting
	 */
	public String getRetryWhen() {
		return this.retryWhen;
	}

	/**
	 * Set the {@code retry-when} setting.
	 * @param retryWhen the new value
	 */
	public void setRetryWhen(String retryWhen) {
		this.retryWhen = retryWhen;
	}

	/**
	 * Return the {@code on-success} setting.
	 * @return the {@code on-success} setting
	 */
	public String getOnSuccess() {
		return this.onSuccess;
	}

	/**
	 * Set the {@code on-success} setting.
	 * @param onSuccess the new value
	 */
	public void setOnSuccess(String onSuccess) {
		this.onSuccess = onSuccess;
	}

	/**
	 * Return the {@code on-failure} setting.
	 * @return the {@code on-failure} setting
	 */
	public String getOnFailure() {
		return this.onFailure;
	}

	/**
	 * Set the {@code on-failure} setting.
	 * @param onFailure the new value
	 */
	public void setOnFailure(String onFailure) {
		this.onFailure = onFailure;
	}

	/**
	 * Return the {@code on-retry-exhausted} setting.
	 * @return the {@code on-retry-exhausted} setting
	 */
	public String getOnRetryExhausted() {
		return this.onRetryExhausted;
	}

	/**
	 * Set the {@code on-retry-exhausted} setting.
	 * @param onRetryExhausted the new value
	 */
	public void setOnRetryExhausted(String onRetryExhausted) {
		this.onRetryExhausted = onRetryExhausted;
	}

	/**
	 * Return the {@code options} setting.
	 * @return the {@code options} setting
	 */
	public Map<String, Object> getOptions() {
		return this.options;
	}

	/**
	 * Set the {@code options} setting.
	 * @param options the new value
	 */
	public void setOptions(Map<String, Object> options) {
		this.options = options;
	}

	/**
	 * Return the {@code store-results} setting.
	 * @return the {@code store-results} setting, or {@code null} when not set
	 */
	public Boolean getStoreResults() {
		return this.storeResults;
	}

	/**
	 * Set the {@code store-results} setting.
	 * @param storeResults the new value
	 */
	public void setStoreResults(Boolean storeResults) {
		this.storeResults = storeResults;
	}

	/**
	 * Return the {@code result-ttl} setting.
	 * @return the {@code result-ttl} setting, or {@code null} when not set
	 */
	public Duration getResultTtl() {
		return this.resultTtl;
	}

	/**
	 * Set the {@code result-ttl} setting.
	 * @param resultTtl the new value
	 */
	public void setResultTtl(Duration resultTtl) {
		this.resultTtl = resultTtl;
	}

}
