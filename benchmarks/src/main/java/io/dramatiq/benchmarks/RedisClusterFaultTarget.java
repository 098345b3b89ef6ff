package io.dramatiq.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The local Redis Cluster of {@code scripts/redis-cluster.sh} (3 masters and 3 replicas
 * on 127.0.0.1:7001-7006, node timeout 5 s), stopped and started again for each run so
 * that every run begins on a healthy cluster with its original masters. The broker is
 * connected as {@code spring.data.redis.cluster.nodes} would connect it: a
 * {@link LettuceConnectionFactory} on a {@link RedisClusterConfiguration} of the six
 * nodes, without topology refresh (Spring Boot's default) unless
 * {@code -DclusterRefresh=adaptive}. Its only fault is {@link #killMaster()}.
 */
final class RedisClusterFaultTarget implements FaultTarget {

	static final String HOST = "127.0.0.1";

	static final int BASE_PORT = 7001;

	/** Whether the clients refresh the cluster's topology on adaptive triggers. */
	static final boolean ADAPTIVE_REFRESH = "adaptive".equals(System.getProperty("clusterRefresh", "none"));

	private final String namespace;

	private final LettuceConnectionFactory factory;

	private final RedisBroker broker;

	private volatile int killedPort;

	private volatile long killedAt;

	private volatile long promotedMillis = -1;

	private volatile int promotedPort;

	RedisClusterFaultTarget(String namespace) throws Exception {
		this.namespace = namespace;
		FaultTarget.run("bash", "scripts/redis-cluster.sh", "stop");
		FaultTarget.run("bash", "scripts/redis-cluster.sh", "start");
		this.factory = connectionFactory(HOST, BASE_PORT);
		this.broker = Bench.withMiddleware(new RedisBroker(this.factory, new JsonMessageEncoder(),
				RedisBrokerOptions.defaults().withNamespace(namespace)));
	}

	/**
	 * A started cluster-aware factory on the six nodes, as Spring Boot builds it from
	 * {@code spring.data.redis.cluster.nodes}: without topology refresh (Boot's default),
	 * or, with {@code -DclusterRefresh=adaptive}, with every adaptive refresh trigger, as
	 * {@code spring.data.redis.lettuce.cluster.refresh.adaptive=true} sets them.
	 * @param host the host of every node
	 * @param basePort the port of the first node
	 * @return the factory, which the caller destroys
	 */
	static LettuceConnectionFactory connectionFactory(String host, int basePort) {
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
		ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder()
			.dynamicRefreshSources(true);
		if (ADAPTIVE_REFRESH) {
			refresh.enableAllAdaptiveRefreshTriggers();
		}
		client.clientOptions(ClusterClientOptions.builder().topologyRefreshOptions(refresh.build()).build());
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisClusterConfiguration(nodes(host, basePort)), client.build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * The six nodes of a local cluster on consecutive ports.
	 * @param host the host of every node
	 * @param basePort the port of the first node
	 * @return {@code host:port} of each node
	 */
	static List<String> nodes(String host, int basePort) {
		return IntStream.range(0, 6).mapToObj((i) -> host + ":" + (basePort + i)).toList();
	}

	@Override
	public Broker broker() {
		return this.broker;
	}

	@Override
	public List<String> workerArguments() {
		return List.of("redis-cluster", HOST, String.valueOf(BASE_PORT));
	}

	/**
	 * Find the master that owns the namespace's slot ({@code CLUSTER KEYSLOT} and
	 * {@code CLUSTER NODES}), its process ({@code INFO server}), and {@code kill -9} it;
	 * then note in the background when another node took the slot over.
	 */
	@Override
	public void killMaster() throws Exception {
		int port = owner(BASE_PORT);
		String pid = redis(port, (commands) -> {
			for (String line : commands.info("server").split("\r?\n")) {
				if (line.startsWith("process_id:")) {
					return line.substring("process_id:".length()).strip();
				}
			}
			throw new IllegalStateException("No process_id in INFO server of " + port);
		});
		this.killedPort = port;
		this.killedAt = System.nanoTime();
		FaultTarget.run("kill", "-9", pid);
		Thread watcher = new Thread(this::awaitPromotion, "promotion-watcher");
		watcher.setDaemon(true);
		watcher.start();
	}

	private void awaitPromotion() {
		long deadline = this.killedAt + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			for (int port = BASE_PORT; port < BASE_PORT + 6; port++) {
				if (port == this.killedPort) {
					continue;
				}
				try {
					int owner = owner(port);
					if (owner != this.killedPort) {
						this.promotedPort = owner;
						this.promotedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.killedAt);
						return;
					}
					break;
				}
				catch (RuntimeException ex) {
					// that node does not answer: ask the next one
				}
			}
			try {
				TimeUnit.MILLISECONDS.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * The port of the master that owns the namespace's slot, as a node sees it.
	 * @param asked the node asked
	 * @return the owner's port
	 */
	private int owner(int asked) {
		return redis(asked, (commands) -> {
			long slot = commands.clusterKeyslot(this.namespace);
			for (String line : commands.clusterNodes().split("\n")) {
				String[] fields = line.strip().split(" ");
				if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
					continue;
				}
				for (int i = 8; i < fields.length; i++) {
					if (fields[i].startsWith("[")) {
						continue;
					}
					String[] range = fields[i].split("-");
					long from = Long.parseLong(range[0]);
					long to = Long.parseLong(range[range.length - 1]);
					if (from <= slot && slot <= to) {
						String address = fields[1].split("@")[0];
						return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
					}
				}
			}
			throw new IllegalStateException("No live master owns slot " + slot + " according to " + asked);
		});
	}

	private static <T> T redis(int port, java.util.function.Function<RedisCommands<String, String>, T> action) {
		RedisClient client = RedisClient
			.create(RedisURI.builder().withHost(HOST).withPort(port).withTimeout(Duration.ofSeconds(2)).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return action.apply(connection.sync());
		}
		finally {
			client.shutdown(0, 0, TimeUnit.SECONDS);
		}
	}

	@Override
	public void closeConnections() {
		throw new UnsupportedOperationException("redis-cluster only supports master-kill");
	}

	@Override
	public void restart() {
		throw new UnsupportedOperationException("redis-cluster only supports master-kill");
	}

	@Override
	public void publishRaw(String queue, byte[] body) {
		throw new UnsupportedOperationException("redis-cluster only supports master-kill");
	}

	@Override
	public long deadLettered(String queue) {
		return liveOwner((commands) -> commands.zcard(this.namespace + ":" + queue + ".XQ"));
	}

	@Override
	public String stranded(String queue) {
		return liveOwner((commands) -> {
			long ids = 0;
			for (String key : keys(commands, this.namespace + ":__acks__.*")) {
				ids += commands.scard(key);
			}
			long queued = commands.llen(this.namespace + ":" + queue);
			return "killed master " + this.killedPort + ", slot taken over by " + this.promotedPort + " after "
					+ this.promotedMillis + " ms, ids in ack sets at the end: " + ids + ", ids still queued: " + queued;
		});
	}

	@Override
	public void cleanUp(String queue) {
		liveOwner((commands) -> {
			List<String> keys = keys(commands, this.namespace + ":*");
			if (!keys.isEmpty()) {
				commands.del(keys.toArray(new String[0]));
			}
			return null;
		});
	}

	private <T> T liveOwner(java.util.function.Function<RedisCommands<String, String>, T> action) {
		RuntimeException failure = null;
		for (int port = BASE_PORT; port < BASE_PORT + 6; port++) {
			if (port == this.killedPort) {
				continue;
			}
			try {
				return redis(owner(port), action);
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	private static List<String> keys(RedisCommands<String, String> commands, String pattern) {
		List<String> keys = new ArrayList<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
			keys.addAll(page.getKeys());
			cursor = page;
		}
		while (!cursor.isFinished());
		return keys;
	}

	@Override
	public void close() {
		this.broker.close();
		this.factory.destroy();
	}

}
