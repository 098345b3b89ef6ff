package io.dramatiq.results;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.message.QueueNames;

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

	/** The {@code __t} marker of a stored failure, Python's class name. */
	static final String FAILURE_MARKER = "dramatiq.results.Result";

	private final String namespace;

	private final boolean useNamespacePrefixKeys;

	private final MessageEncoder encoder;

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
		Objects.requireNonNull(namespace, "'namespace' must not be null");
		Objects.requireNonNull(encoder, "'encoder' must not be null");
		this.namespace = namespace;
		this.useNamespacePrefixKeys = useNamespacePrefixKeys;
		this.encoder = encoder;
	}

	/**
	 * Return the key namespace.
	 * @return the namespace
	 */
	public String namespace() {
		return this.namespace;
	}

	/**
	 * Return whether keys are plain text rather than MD5 digests.
	 * @return whether keys carry the namespace as a prefix
	 */
	public boolean useNamespacePrefixKeys() {
		return this.useNamespacePrefixKeys;
	}

	/**
	 * Return the encoder of values.
	 * @return the encoder
	 */
	public MessageEncoder encoder() {
		return this.encoder;
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
		String key = this.namespace + ":" + QueueNames.canonical(message.queueName()) + ":" + message.actorName() + ":"
				+ message.messageId();
		return this.useNamespacePrefixKeys ? key : md5(key);
	}

	/**
	 * Store a successful result.
	 * @param message the message that produced it
	 * @param result the result as a plain JSON value (maps, lists, strings, numbers,
	 * booleans, {@code null})
	 * @param ttl how long to keep it
	 */
	public void storeResult(Message message, Object result, Duration ttl) {
		put(buildKey(message), this.encoder.encodeValue(result), ttl);
	}

	/**
	 * Store a failure as Python's failure envelope.
	 * @param message the message that failed
	 * @param type the exception's Python-style type name
	 * @param text the exception's text
	 * @param ttl how long to keep it
	 */
	public void storeFailure(Message message, String type, String text, Duration ttl) {
		Map<String, Object> exn = new LinkedHashMap<>();
		exn.put("type", type);
		exn.put("msg", (text != null) ? text : "");
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("__t", FAILURE_MARKER);
		envelope.put("exn", exn);
		put(buildKey(message), this.encoder.encodeValue(envelope), ttl);
	}

	/**
	 * Read a result without waiting.
	 * @param message the message
	 * @return the result as a plain JSON value
	 * @throws ResultMissingException if none is stored
	 * @throws ResultFailureException if the actor failed
	 */
	public Object getResult(Message message) {
		byte[] value = read(buildKey(message));
		if (value == null) {
			throw new ResultMissingException("No result is stored yet for message '" + message.messageId()
					+ "' of actor '" + message.actorName() + "'.");
		}
		return decode(value);
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
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		String key = buildKey(message);
		byte[] value = (timeout.isNegative() || timeout.isZero()) ? read(key) : await(key, timeout);
		if (value == null) {
			throw new ResultTimeoutException("No result was stored for message '" + message.messageId() + "' of actor '"
					+ message.actorName() + "' within " + Math.max(0, timeout.toMillis()) + " ms.");
		}
		return decode(value);
	}

	/**
	 * Return whether a result or a failure is stored for a message.
	 * @param message the message
	 * @return whether one is stored
	 */
	public boolean isStored(Message message) {
		return read(buildKey(message)) != null;
	}

	/**
	 * Decode stored bytes, throwing the failure they may hold.
	 * @param value the stored bytes
	 * @return the result as a plain JSON value
	 * @throws ResultFailureException if the value is a failure envelope
	 */
	protected Object decode(byte[] value) {
		Object decoded = this.encoder.decodeValue(value);
		if (decoded instanceof Map<?, ?> map && FAILURE_MARKER.equals(map.get("__t"))) {
			Object exn = map.get("exn");
			Map<?, ?> details = (exn instanceof Map<?, ?> m) ? m : Map.of();
			throw new ResultFailureException(String.valueOf(details.get("type")), text(details.get("msg")));
		}
		return decoded;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : "";
	}

	private static String md5(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("MD5");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is not available", ex);
		}
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
