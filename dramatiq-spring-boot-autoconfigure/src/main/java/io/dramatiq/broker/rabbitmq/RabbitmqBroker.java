package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.dramatiq.broker.AbstractBroker;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.broker.QueueJoinTimeoutException;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.message.QueueNames;
import io.dramatiq.observation.DramatiqObservations;
import io.dramatiq.schedule.ScheduleLock;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * A broker on RabbitMQ that behaves on the wire exactly as Python Dramatiq's
 * {@code RabbitmqBroker} ({@code dramatiq/brokers/rabbitmq.py}, spec §3), so Python and
 * Java producers and workers can share queues:
 * <ul>
 * <li>each queue {@code Q} comes with a delay queue {@code Q.DQ} and a dead-letter queue
 * {@code Q.XQ}, declared lazily with Python's exact arguments;</li>
 * <li>a message is published to the default exchange with the encoded envelope as body,
 * {@code delivery_mode} 2 and, only when the message has the {@code broker_priority}
 * option, that {@code priority};</li>
 * <li>a delayed message goes to {@code Q.DQ} with an {@code eta} option, and the worker
 * moves it to {@code Q} when due;</li>
 * <li>each consumer has its own connection (to the first node of its
 * {@link RabbitmqAddresses} that answers, when given), prefetch and manual acks; a nack
 * dead-letters the message to {@code Q.XQ} through RabbitMQ.</li>
 * </ul>
 * Publisher confirms are on by default (off in Python): an enqueue returns once RabbitMQ
 * took the message. Connections come from a Spring AMQP {@link ConnectionFactory}, such
 * as the one Spring Boot configures from {@code spring.rabbitmq.*}; publishing retries on
 * a fresh channel after a connection loss, and consumers are restarted by the worker.
 */
public class RabbitmqBroker extends AbstractBroker {

	/** The message option that sets the AMQP priority. */
	public static final String BROKER_PRIORITY = "broker_priority";

	private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

	private final RabbitmqBrokerOptions options;

	private final RabbitmqAddresses consumerAddresses;

	private final RabbitmqConnections connections;

	private final RabbitmqTopology topology;

	private final RabbitmqPublisher publisher;

	private final Set<RabbitmqConsumer> consumers = ConcurrentHashMap.newKeySet();

	private final RabbitmqDeadLetterQueues deadLetterQueues;

	/**
	 * Create a broker with the default options.
	 * @param connectionFactory where connections come from
	 * @param encoder the message encoder
	 */
	public RabbitmqBroker(ConnectionFactory connectionFactory, MessageEncoder encoder) {
		this(connectionFactory, encoder, RabbitmqBrokerOptions.defaults());
	}

	/**
	 * Create a broker. No connection is opened until the broker is first used.
	 * @param connectionFactory where connections come from
	 * @param encoder the message encoder
	 * @param options the options
	 */
	public RabbitmqBroker(ConnectionFactory connectionFactory, MessageEncoder encoder, RabbitmqBrokerOptions options) {
		this(connectionFactory, encoder, options, null);
	}

	/**
	 * Create a broker whose consumers connect to a cluster: each consumer connection
	 * tries the nodes of {@code consumerAddresses} until one answers. Give the addresses
	 * the connection factory was configured with (Spring Boot's auto-configuration does,
	 * from {@code spring.rabbitmq.addresses}); without them consumers connect to the
	 * factory's first host only. No connection is opened until the broker is first used.
	 * @param connectionFactory where connections come from
	 * @param encoder the message encoder
	 * @param options the options
	 * @param consumerAddresses the nodes consumers connect to, or {@code null} for the
	 * connection factory's host and port
	 */
	public RabbitmqBroker(ConnectionFactory connectionFactory, MessageEncoder encoder, RabbitmqBrokerOptions options,
			RabbitmqAddresses consumerAddresses) {
		super(encoder);
		Objects.requireNonNull(connectionFactory, "'connectionFactory' must not be null");
		this.options = Objects.requireNonNull(options, "'options' must not be null");
		this.consumerAddresses = consumerAddresses;
		this.connections = new RabbitmqConnections(connectionFactory, consumerAddresses);
		this.topology = new RabbitmqTopology(options);
		this.publisher = new RabbitmqPublisher(this.connections, this.topology, options);
		this.deadLetterQueues = new RabbitmqDeadLetterQueues(this, this.connections);
	}

	@Override
	public String type() {
		return "rabbitmq";
	}

	@Override
	public Optional<String> address() {
		return Optional.of(this.connections.address());
	}

	/**
	 * Return the options.
	 * @return the options
	 */
	public RabbitmqBrokerOptions options() {
		return this.options;
	}

	/**
	 * Return the nodes consumers connect to, when they were given.
	 * @return the consumers' addresses, or empty when consumers connect to the connection
	 * factory's host
	 */
	public Optional<RabbitmqAddresses> consumerAddresses() {
		return Optional.ofNullable(this.consumerAddresses);
	}

	/**
	 * Return a new {@link ScheduleLock} on a connection of its own, for periodic actors;
	 * see {@link RabbitmqScheduleLock}.
	 * @return the lock
	 */
	public ScheduleLock scheduleLock() {
		return new RabbitmqScheduleLock(this.connections);
	}

	@Override
	protected void doDeclareQueue(String queueName) {
		// lazy, as in Python: the queues are declared on first publish or consume
	}

	@Override
	protected Message doEnqueue(Message message) {
		String queueName = message.queueName();
		if (!isDeclared(queueName)) {
			throw new QueueNotFoundException(QueueNames.canonical(queueName));
		}
		this.publisher.publish(outgoing(message));
		return message;
	}

	/**
	 * Enqueue several messages now, as one pipelined publish: they are published one
	 * after the other on one channel and their publisher confirms are awaited together,
	 * so a single thread enqueues many times faster than with {@link #enqueue(Message)}
	 * in a loop, with the same guarantee: when it returns, RabbitMQ has confirmed every
	 * message. The enqueue hooks run for each message.
	 * @param messages the messages, each on a declared queue
	 * @return the messages as enqueued
	 * @throws io.dramatiq.broker.ConnectionException if some message could not be
	 * published after every attempt; some of the others may have been enqueued
	 */
	@Override
	public List<Message> enqueueAll(List<Message> messages) {
		Objects.requireNonNull(messages, "'messages' must not be null");
		for (Message message : messages) {
			Objects.requireNonNull(message, "'messages' must not contain null");
			if (!isDeclared(message.queueName())) {
				throw new QueueNotFoundException(QueueNames.canonical(message.queueName()));
			}
		}
		return DramatiqObservations.sendAll(observationRegistry(), sendObservationConvention(), messages, type(),
				this::publishAll);
	}

	private List<Message> publishAll(List<Message> messages) {
		List<RabbitmqPublisher.Outgoing> outgoing = new ArrayList<>(messages.size());
		for (Message message : messages) {
			emitBefore("enqueue", (m) -> m.beforeEnqueue(this, message, null));
			outgoing.add(outgoing(message));
		}
		this.publisher.publishAll(outgoing);
		for (Message message : messages) {
			emitAfter("enqueue", (m) -> m.afterEnqueue(this, message, null));
		}
		return List.copyOf(messages);
	}

	private RabbitmqPublisher.Outgoing outgoing(Message message) {
		return new RabbitmqPublisher.Outgoing(message.queueName(), properties(message), encoder().encode(message));
	}

	/**
	 * Return the properties Python publishes: {@code delivery_mode} 2, and
	 * {@code priority} only when the message has a {@code broker_priority}.
	 */
	private static AMQP.BasicProperties properties(Message message) {
		Object priority = message.option(BROKER_PRIORITY);
		if (priority == null) {
			return PERSISTENT;
		}
		if (!(priority instanceof Number number) || number.doubleValue() != number.intValue() || number.intValue() < 0
				|| number.intValue() > 255) {
			throw new IllegalArgumentException("Option '" + BROKER_PRIORITY + "' of message " + message.messageId()
					+ " must be a whole number from 0 to 255 but was " + priority + ".");
		}
		return PERSISTENT.builder().priority(number.intValue()).build();
	}

	@Override
	public Consumer consume(String queueName, int prefetch, Duration timeout) {
		if (!isDeclared(queueName)) {
			throw new QueueNotFoundException(queueName);
		}
		if (prefetch < 1 || prefetch > 65535) {
			throw new IllegalArgumentException("Prefetch must be between 1 and 65535 but was " + prefetch + ".");
		}
		RabbitmqConsumer consumer = new RabbitmqConsumer(queueName, encoder(), timeout.toMillis(),
				this.connections.createConsumerConnection("dramatiq consumer of " + queueName),
				this.connections.ownsConsumerConnections(), this.consumers);
		try {
			consumer.start(this.topology, prefetch);
		}
		catch (RuntimeException ex) {
			consumer.close();
			throw ex;
		}
		return consumer;
	}

	/**
	 * Return the ready-message counts of a queue, its delay queue and its dead-letter
	 * queue (passive declarations), declaring the three queues first if needed.
	 * Deliveries held unacked by consumers are not counted.
	 */
	@Override
	public QueueCounts queueCounts(String queueName) {
		String canonical = QueueNames.canonical(queueName);
		try {
			return this.publisher.execute((channel) -> counts(channel, canonical));
		}
		catch (BrokerException ex) {
			if (RabbitmqErrors.replyCode(ex) != RabbitmqErrors.NOT_FOUND) {
				throw ex;
			}
			// deleted behind our back: declare the queues again, as Python 2.2
			this.topology.markPending(canonical);
			return this.publisher.execute((channel) -> counts(channel, canonical));
		}
	}

	private QueueCounts counts(Channel channel, String canonical) throws IOException {
		this.topology.declare(channel, canonical);
		return new QueueCounts(channel.queueDeclarePassive(canonical).getMessageCount(),
				channel.queueDeclarePassive(QueueNames.delay(canonical)).getMessageCount(),
				channel.queueDeclarePassive(QueueNames.dead(canonical)).getMessageCount());
	}

	/**
	 * Return how many consumers (this process's and others') read a queue and its delay
	 * queue, as RabbitMQ counts them: an operator's view of the workers alive.
	 * @param queueName the queue name
	 * @return the consumers of {@code Q} and of {@code Q.DQ}
	 */
	public ConsumerCounts consumerCounts(String queueName) {
		String canonical = QueueNames.canonical(queueName);
		return this.publisher.execute((channel) -> {
			this.topology.declare(channel, canonical);
			return new ConsumerCounts(channel.queueDeclarePassive(canonical).getConsumerCount(),
					channel.queueDeclarePassive(QueueNames.delay(canonical)).getConsumerCount());
		});
	}

	/**
	 * How many consumers read a queue and its delay queue.
	 *
	 * @param queue the consumers of {@code Q}
	 * @param delayQueue the consumers of {@code Q.DQ}
	 */
	public record ConsumerCounts(int queue, int delayQueue) {
	}

	/**
	 * Return the dead-letter queues {@code Q.XQ}, to list, requeue or purge them; see
	 * {@link RabbitmqDeadLetterQueues} for how messages are read.
	 */
	@Override
	public Optional<DeadLetterQueues> deadLetterQueues() {
		return Optional.of(this.deadLetterQueues);
	}

	/**
	 * Declare the queues of a declared canonical queue on RabbitMQ, if not done yet.
	 * @param canonical the canonical queue name
	 * @throws QueueNotFoundException if no actor or caller declared the queue
	 */
	void declareQueues(String canonical) {
		if (!isDeclared(canonical)) {
			throw new QueueNotFoundException(canonical);
		}
		this.publisher.execute((channel) -> {
			this.topology.declare(channel, canonical);
			return null;
		});
	}

	/**
	 * Purge a queue, its delay queue and its dead-letter queue; missing queues are
	 * skipped.
	 */
	@Override
	public void flush(String queueName) {
		String canonical = QueueNames.canonical(queueName);
		for (String name : List.of(canonical, QueueNames.delay(canonical), QueueNames.dead(canonical))) {
			this.publisher.execute((channel) -> {
				try {
					channel.queuePurge(name);
				}
				catch (IOException ex) {
					if (RabbitmqErrors.replyCode(ex) != RabbitmqErrors.NOT_FOUND) {
						throw ex;
					}
				}
				return null;
			});
		}
	}

	@Override
	public void flushAll() {
		for (String queueName : queueNames()) {
			flush(queueName);
		}
	}

	/**
	 * Wait until a queue and its delay queue stay empty, as Python's {@code join}: 10
	 * polls in a row, 100 ms apart, must see no ready message. Messages held unacked by a
	 * worker are not seen.
	 * @param queueName the canonical queue name
	 * @param timeout how long to wait, or {@code null} to wait forever
	 * @throws QueueJoinTimeoutException if the queue did not drain in time
	 */
	public void join(String queueName, Duration timeout) {
		long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : Long.MAX_VALUE;
		int successes = 0;
		while (successes < 10) {
			if (System.nanoTime() > deadline) {
				throw new QueueJoinTimeoutException(queueName);
			}
			QueueCounts counts = queueCounts(queueName);
			successes = (counts.ready() == 0 && counts.delayed() == 0) ? successes + 1 : 0;
			try {
				TimeUnit.MILLISECONDS.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new BrokerException("Interrupted while joining queue '" + queueName + "'.", ex);
			}
		}
	}

	/**
	 * Check that RabbitMQ answers, for health checks.
	 * @throws ConnectionException if it does not
	 */
	@Override
	public void ping() {
		this.connections.ping();
	}

	/**
	 * Return whether RabbitMQ answers, for health checks.
	 * @return whether the publisher connection is open or could be opened
	 */
	public boolean isReachable() {
		try {
			ping();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Close open consumers and the publishing channels. The connection factory stays
	 * open: it belongs to whoever created it.
	 */
	@Override
	public void close() {
		for (RabbitmqConsumer consumer : List.copyOf(this.consumers)) {
			consumer.close();
		}
		this.publisher.close();
		this.connections.close();
	}

}
