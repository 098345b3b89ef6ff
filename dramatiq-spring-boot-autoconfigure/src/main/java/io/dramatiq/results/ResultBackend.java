package io.dramatiq.results;

import java.time.Duration;

import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;

/**
 * Keeps actor results, keyed and encoded as Python Dramatiq's result backends do (spec
 * §10): the key is derived from the namespace, the canonical queue, the actor name and
 * the message id; the value is the JSON of the result, or a failure envelope
 * {@code {"__t":"dramatiq.results.Result","exn":{"type":...,"msg":...}}}.
 * <p>
 * Subclasses supply three primitives on raw bytes ({@link #put}, {@link #read},
 * {@link #await}); keys, encoding, failures and timeouts are handled here, the same way
 * for every backend.
 */
public abstract class ResultBackend {

	/** Python's default namespace of result keys. */
	public static final String DEFAULT_NAMESPACE = "dramatiq-results";

	/** The default timeout of a blocking read, as Python's (10 seconds). */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Create a backend.
	 * @param namespace the key namespace, {@value #DEFAULT_NAMESPACE} by default in
	 * Python
	 * @param useNamespacePrefixKeys whether keys are the plain
	 * {@code namespace:queue:actor:message_id} text instead of its MD5 (Python's
	 * {@code use_namespace_prefix_keys}, off by default)
	 * @param encoder the encoder of values, the broker's
	 */
	protected ResultBackend(String namespace, boolean useNamespacePrefixKeys, MessageEncoder encoder) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return a short name of this backend for logs and the endpoint, such as
	 * {@code redis}.
	 * @return the type
	 */
	public abstract String type();

	/**
	 * Return the key a message's result is stored under (spec §10.2).
	 * @param message the message
	 * @return the key
	 */
	public String buildKey(Message message) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Store a successful result.
	 * @param message the message that produced it
	 * @param result the result as a plain JSON value (maps, lists, strings, numbers,
	 * booleans, {@code null})
	 * @param ttl how long to keep it
	 */
	public void storeResult(Message message, Object result, Duration ttl) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Store a failure as Python's failure envelope.
	 * @param message the message that failed
	 * @param type the exception's Python-style type name
	 * @param text the exception's text
	 * @param ttl how long to keep it
	 */
	public void storeFailure(Message message, String type, String text, Duration ttl) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Read a result without waiting.
	 * @param message the message
	 * @return the result as a plain JSON value
	 * @throws ResultMissingException if none is stored
	 * @throws ResultFailureException if the actor failed
	 */
	public Object getResult(Message message) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Wait for a result, without polling where the backend can block.
	 * @param message the message
	 * @param timeout how long to wait; sub-second timeouts are honoured
	 * @return the result as a plain JSON value
	 * @throws ResultTimeoutException if none is stored in time
	 * @throws ResultFailureException if the actor failed
	 */
	public Object getResult(Message message, Duration timeout) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Replace the value under a key, with a time to live.
	 * @param key the key
	 * @param value the encoded value
	 * @param ttl the time to live
	 */
	protected abstract void put(String key, byte[] value, Duration ttl);

	/**
	 * Read the value under a key without waiting.
	 * @param key the key
	 * @return the encoded value, or {@code null} when there is none
	 */
	protected abstract byte[] read(String key);

	/**
	 * Wait for a value under a key, leaving it in place.
	 * @param key the key
	 * @param timeout how long to wait
	 * @return the encoded value, or {@code null} after the timeout
	 */
	protected abstract byte[] await(String key, Duration timeout);

}
