package io.dramatiq.abort.rabbitmq;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.dramatiq.abort.Event;
import io.dramatiq.abort.EventBackend;
import io.dramatiq.abort.StubEventBackend;
import io.dramatiq.broker.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link EventBackend} on RabbitMQ, which has no keys to poll: abort requests are
 * broadcast to every process that uses this backend, and each keeps the ones it received
 * in memory until they are consumed or expire.
 * <ul>
 * <li>{@link #notify(List, Duration)} publishes one message to the durable fanout
 * exchange {@value #DEFAULT_EXCHANGE}, with the time to live as its expiration and the
 * body {@code {"events": [{"key": "cancel:<id>", "params": {}}, …], "ttl": 90000}}.</li>
 * <li>{@link #start()} declares the exchange and a server-named, exclusive, auto-delete
 * queue bound to it, and consumes it into a {@link StubEventBackend}, which
 * {@link #poll(String)} and {@link #waitMany(Collection, Duration)} read. A lost
 * subscription is made again on the next call.</li>
 * </ul>
 * <strong>Limitation:</strong> a process only knows the requests broadcast while it was
 * subscribed. A worker that starts after a queued message was aborted, or that was
 * disconnected when the request was sent, runs the message when it comes up. Python's
 * dramatiq-abort has no RabbitMQ backend, so these requests are for Java workers only.
 */
public class RabbitmqEventBackend implements EventBackend, AutoCloseable {

	/** The exchange abort requests are broadcast through. */
	public static final String DEFAULT_EXCHANGE = "dramatiq.aborts";

	private static final Logger logger = LoggerFactory.getLogger(RabbitmqEventBackend.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConnectionFactory connectionFactory;

	private final String exchange;

	private final StubEventBackend received = new StubEventBackend();

	private Channel channel;

	private String queue;

	private boolean closed;

	/**
	 * Create a backend on the {@value #DEFAULT_EXCHANGE} exchange.
	 * @param connectionFactory the connections to RabbitMQ
	 */
	public RabbitmqEventBackend(ConnectionFactory connectionFactory) {
		this(connectionFactory, DEFAULT_EXCHANGE);
	}

	/**
	 * Create a backend.
	 * @param connectionFactory the connections to RabbitMQ
	 * @param exchange the fanout exchange requests are broadcast through
	 */
	public RabbitmqEventBackend(ConnectionFactory connectionFactory, String exchange) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "'connectionFactory' must not be null");
		this.exchange = Objects.requireNonNull(exchange, "'exchange' must not be null");
	}

	/**
	 * Return the exchange requests are broadcast through.
	 * @return the exchange name
	 */
	public String exchange() {
		return this.exchange;
	}

	/**
	 * Subscribe to the broadcast requests, so that requests sent from now on are known
	 * here. Workers call it when they are created; a failure is logged and the
	 * subscription tried again on the next {@link #poll(String)}.
	 */
	public void start() {
		try {
			subscribe();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not subscribe to abort requests on exchange '{}' yet; trying again on the next check.",
					this.exchange, ex);
		}
	}

	/**
	 * Return the queue this process receives requests on.
	 * @return the server-named queue, or empty when not subscribed
	 */
	public synchronized Optional<String> queue() {
		return (this.channel != null && this.channel.isOpen()) ? Optional.of(this.queue) : Optional.empty();
	}

	@Override
	public Optional<Event> waitMany(Collection<String> keys, Duration timeout) {
		subscribe();
		return this.received.waitMany(keys, timeout);
	}

	@Override
	public Optional<Event> poll(String key) {
		subscribe();
		return this.received.poll(key);
	}

	@Override
	public void notify(List<Event> events, Duration ttl) {
		Objects.requireNonNull(events, "'events' must not be null");
		long ttlMillis = Math.max(1, ttl.toMillis());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("events",
				events.stream().map((event) -> Map.of("key", event.key(), "params", event.params())).toList());
		body.put("ttl", ttlMillis);
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
			.expiration(Long.toString(ttlMillis))
			.build();
		Connection connection = this.connectionFactory.createConnection();
		try (Channel publisher = connection.createChannel(false)) {
			declareExchange(publisher);
			publisher.basicPublish(this.exchange, "", properties, JSON.writeValueAsBytes(body));
		}
		catch (IOException | TimeoutException ex) {
			throw new ConnectionException("Could not broadcast abort requests on exchange '" + this.exchange + "'.",
					ex);
		}
	}

	/**
	 * Stop receiving requests and delete this process's queue.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.channel != null && this.channel.isOpen()) {
			try {
				this.channel.close();
			}
			catch (IOException | TimeoutException | RuntimeException ex) {
				logger.debug("Could not close the abort requests channel.", ex);
			}
		}
		this.channel = null;
	}

	private synchronized void subscribe() {
		if (this.closed || (this.channel != null && this.channel.isOpen())) {
			return;
		}
		Channel consumer = this.connectionFactory.createConnection().createChannel(false);
		try {
			declareExchange(consumer);
			String name = consumer.queueDeclare("", false, true, true, Map.of()).getQueue();
			consumer.queueBind(name, this.exchange, "");
			consumer.basicConsume(name, true, new Receiver(consumer));
			this.channel = consumer;
			this.queue = name;
			logger.debug("Receiving abort requests on queue '{}' bound to exchange '{}'.", name, this.exchange);
		}
		catch (IOException | RuntimeException ex) {
			try {
				consumer.close();
			}
			catch (IOException | TimeoutException | RuntimeException closing) {
				ex.addSuppressed(closing);
			}
			throw new ConnectionException("Could not subscribe to abort requests on exchange '" + this.exchange + "'.",
					ex);
		}
	}

	private void declareExchange(Channel channel) throws IOException {
		channel.exchangeDeclare(this.exchange, "fanout", true);
	}

	private void receive(byte[] body) {
		try {
			Object decoded = JSON.readValue(body, Object.class);
			if (decoded instanceof Map<?, ?> request && request.get("events") instanceof List<?> items
					&& request.get("ttl") instanceof Number ttl) {
				List<Event> events = new ArrayList<>();
				for (Object item : items) {
					if (item instanceof Map<?, ?> event && event.get("key") instanceof String key
							&& event.get("params") instanceof Map<?, ?> params) {
						events.add(new Event(key, cast(params)));
					}
				}
				this.received.notify(events, Duration.ofMillis(Math.max(1, ttl.longValue())));
				return;
			}
		}
		catch (JacksonException ex) {
			// reported below, like any other malformed request
		}
		logger.warn("Ignoring a malformed abort request on exchange '{}' ({} bytes).", this.exchange, body.length);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Map<?, ?> params) {
		return (Map<String, Object>) params;
	}

	private final class Receiver extends DefaultConsumer {

		Receiver(Channel channel) {
			super(channel);
		}

		@Override
		public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
				byte[] body) {
			receive(body);
		}

	}

}
