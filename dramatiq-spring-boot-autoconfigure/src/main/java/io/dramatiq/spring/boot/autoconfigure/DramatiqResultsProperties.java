package io.dramatiq.spring.boot.autoconfigure;

/**
 * Settings of actor results, {@code dramatiq.results.*}. Whether an actor stores its
 * results, and for how long, are actor options ({@code store-results},
 * {@code result-ttl}).
 */
public class DramatiqResultsProperties {

	/**
	 * Where results are kept: redis or stub. When not set, no results backend is
	 * configured and actors cannot store results.
	 */
	private BackendType backend;

	/**
	 * Prefix of result keys; Python services that read the same results must use the
	 * same.
	 */
	private String namespace = "dramatiq-results";

	/**
	 * Whether result keys are the readable 'namespace:queue:actor:message-id' text rather
	 * than its MD5 hash (Python's use_namespace_prefix_keys). Both sides must agree.
	 */
	private boolean useNamespacePrefixKeys = false;

	/**
	 * Return the {@code backend} setting.
	 * @return the {@code backend} setting, or {@code null} when not set
	 */
	public BackendType getBackend() {
		return this.backend;
	}

	/**
	 * Set the {@code backend} setting.
	 * @param backend the new value
	 */
	public void setBackend(BackendType backend) {
		this.backend = backend;
	}

	/**
	 * Return the {@code namespace} setting.
	 * @return the {@code namespace} setting
	 */
	public String getNamespace() {
		return this.namespace;
	}

	/**
	 * Set the {@code namespace} setting.
	 * @param namespace the new value
	 */
	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	/**
	 * Return the {@code use-namespace-prefix-keys} setting.
	 * @return the {@code use-namespace-prefix-keys} setting
	 */
	public boolean isUseNamespacePrefixKeys() {
		return this.useNamespacePrefixKeys;
	}

	/**
	 * Set the {@code use-namespace-prefix-keys} setting.
	 * @param useNamespacePrefixKeys the new value
	 */
	public void setUseNamespacePrefixKeys(boolean useNamespacePrefixKeys) {
		this.useNamespacePrefixKeys = useNamespacePrefixKeys;
	}

}
