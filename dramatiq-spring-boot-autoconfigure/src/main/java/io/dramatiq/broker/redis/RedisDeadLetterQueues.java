package io.dramatiq.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter queues of a {@link RedisBroker}: the sorted set {@code ns:Q.XQ} of
 * {@code redis_message_id}s by dead-letter time, and the hash {@code ns:Q.XQ.msgs} of
 * their payloads. Listing reads them without changing anything, oldest first. Requeueing
 * removes a dead letter from both keys (so two operators cannot requeue it twice) and
 * then enqueues it through the broker under a fresh {@code redis_message_id}; if that
 * enqueue fails, the dead letter is put back.
 */
final class RedisDeadLetterQueues implements DeadLetterQueues {

	private static final Logger logger = LoggerFactory.getLogger(RedisDeadLetterQueues.class);

	private final RedisBroker broker;

	private final RedisDispatcher dispatcher;

	RedisDeadLetterQueues(RedisBroker broker, RedisDispatcher dispatcher) {
		this.broker = broker;
		this.dispatcher = dispatcher;
	}

	@Override
	public List<Message> list(String queueName, int offset, int limit) {
		Keys keys = keys(queueName);
		if (limit <= 0) {
			return List.of();
		}
		return decode(keys, entries(keys, Math.max(0, offset), Math.max(0, offset) + limit - 1L)).stream()
			.map(Entry::message)
			.toList();
	}

	@Override
	public boolean requeue(String queueName, String messageId) {
		return requeue(queueName, (message) -> message.messageId().equals(messageId), true) > 0;
	}

	@Override
	public int requeueAll(String queueName) {
		return requeue(queueName, (message) -> true, false);
	}

	private int requeue(String queueName, Predicate<Message> selected, boolean first) {
		Keys keys = keys(queueName);
		int requeued = 0;
		for (Entry entry : decode(keys, entries(keys, 0, -1))) {
			if (!selected.test(entry.message())) {
				continue;
			}
			if (!remove(keys, entry)) {
				// another operator took it meanwhile
				continue;
			}
			try {
				this.broker
					.enqueue(DeadLetterQueues.revive(entry.message()).withoutOption(RedisBroker.REDIS_MESSAGE_ID));
			}
			catch (RuntimeException ex) {
				restore(keys, entry);
				throw ex;
			}
			requeued++;
			if (first) {
				break;
			}
		}
		return requeued;
	}

	@Override
	public int purge(String queueName) {
		Keys keys = keys(queueName);
		return this.dispatcher.execute("purgeDeadLetters", (connection) -> {
			Long count = connection.zSetCommands().zCard(keys.dead());
			connection.keyCommands().del(keys.dead(), keys.payloads());
			return (count != null) ? count.intValue() : 0;
		});
	}

	private List<byte[]> entries(Keys keys, long start, long end) {
		return this.dispatcher.execute("listDeadLetters", (connection) -> {
			Set<byte[]> ids = connection.zSetCommands().zRange(keys.dead(), start, end);
			return (ids != null) ? new ArrayList<>(ids) : List.of();
		});
	}

	private List<Entry> decode(Keys keys, List<byte[]> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		List<byte[]> payloads = this.dispatcher.execute("readDeadLetters",
				(connection) -> connection.hashCommands().hMGet(keys.payloads(), ids.toArray(new byte[0][])));
		List<Entry> entries = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			byte[] payload = (payloads != null) ? payloads.get(i) : null;
			if (payload == null) {
				continue;
			}
			try {
				entries.add(new Entry(ids.get(i), payload, this.broker.encoder().decode(payload)));
			}
			catch (RuntimeException ex) {
				logger.warn("Skipped undecodable dead letter {} of '{}'.",
						new String(ids.get(i), StandardCharsets.UTF_8), new String(keys.dead(), StandardCharsets.UTF_8),
						ex);
			}
		}
		return entries;
	}

	private boolean remove(Keys keys, Entry entry) {
		return this.dispatcher.execute("removeDeadLetter", (connection) -> {
			Long removed = connection.zSetCommands().zRem(keys.dead(), entry.id());
			connection.hashCommands().hDel(keys.payloads(), entry.id());
			return removed != null && removed > 0;
		});
	}

	private void restore(Keys keys, Entry entry) {
		this.dispatcher.execute("restoreDeadLetter", (connection) -> {
			connection.hashCommands().hSet(keys.payloads(), entry.id(), entry.payload());
			return connection.zSetCommands().zAdd(keys.dead(), System.currentTimeMillis(), entry.id());
		});
	}

	private Keys keys(String queueName) {
		String canonical = QueueNames.canonical(queueName);
		if (!this.broker.queueNames().contains(canonical)) {
			throw new QueueNotFoundException(canonical);
		}
		String dead = this.broker.options().namespace() + ":" + QueueNames.dead(canonical);
		return new Keys(dead.getBytes(StandardCharsets.UTF_8), (dead + ".msgs").getBytes(StandardCharsets.UTF_8));
	}

	private record Keys(byte[] dead, byte[] payloads) {
	}

	private record Entry(byte[] id, byte[] payload, Message message) {
	}

}
