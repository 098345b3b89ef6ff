package io.dramatiq.broker.redis;

import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.ConnectionException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The dispatch call shape without Redis (spec 4.3, 4.7, checklist C32, C35): argument
 * order, the maintenance draw and the Lua unpack limit.
 */
class RedisDispatcherTests {

	@Test
	void argumentsFollowPythonsOrder() {
		RedisBrokerOptions options = RedisBrokerOptions.defaults().withNamespace("app1").withBrokerId("B");
		RedisDispatcher dispatcher = new RedisDispatcher(
				mock(org.springframework.data.redis.connection.RedisConnectionFactory.class),
				options.withMaintenanceChance(0));
		byte[][] arguments = dispatcher.arguments("enqueue", 1795499112473L, "default.DQ",
				"rid".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
		assertThat(Arrays.stream(arguments).map((a) -> new String(a, StandardCharsets.UTF_8)).toList()).containsExactly(
				"app1", "enqueue", "1795499112473", "default.DQ", "B", "60000", "604800000", "0", "3996", "rid", "{}");
	}

	@Test
	void ackAndNackNeverRunMaintenance() {
		RedisBrokerOptions options = RedisBrokerOptions.defaults().withMaintenanceChance(1_000_000);
		RedisDispatcher dispatcher = new RedisDispatcher(
				mock(org.springframework.data.redis.connection.RedisConnectionFactory.class), options);
		for (String command : List.of("ack", "nack")) {
			assertThat(new String(dispatcher.arguments(command, 0, "default")[7], StandardCharsets.UTF_8))
				.isEqualTo("0");
		}
		for (String command : List.of("enqueue", "fetch", "requeue", "purge", "qsize")) {
			assertThat(new String(dispatcher.arguments(command, 0, "default")[7], StandardCharsets.UTF_8))
				.isEqualTo("1");
		}
	}

	@Test
	void maintenanceRunsWithTheDefaultChanceOfOneInAThousand() {
		// C35: 100000 draws with a seeded generator; expect 100, allow about 4 sigma
		SplittableRandom random = new SplittableRandom(42);
		int draws = 100_000;
		int hits = 0;
		for (int i = 0; i < draws; i++) {
			if (RedisDispatcher.drawMaintenance("fetch", RedisBrokerOptions.DEFAULT_MAINTENANCE_CHANCE, random)) {
				hits++;
			}
		}
		assertThat(hits).isBetween(60, 140);
		assertThat(RedisDispatcher.drawMaintenance("fetch", 0, random)).isFalse();
		assertThat(RedisDispatcher.drawMaintenance("fetch", 1_000_000, random)).isTrue();
	}

	@Test
	void unpackLimitIsHalfTheLuaStackAsPythonProbesIt() {
		assertThat(RedisDispatcher.maxUnpackSize(null)).isEqualTo(3996);
		assertThat(RedisDispatcher.maxUnpackSize("2000")).isEqualTo(1000);
	}

	@Test
	void connectionResetIsAConnectionFailureThatCallersRetry() {
		// as Spring Data Redis reports a reset while Redis restarts: a generic exception
		// whose cause is the socket's
		RedisSystemException reset = new RedisSystemException("Connection reset",
				new RuntimeException(new SocketException("Connection reset")));
		assertThat(RedisDispatcher.failure("ack", "127.0.0.1:6379", reset)).isInstanceOf(ConnectionException.class)
			.hasMessage("Redis command 'ack' to 127.0.0.1:6379 failed: Connection reset");
		BrokerException scriptError = RedisDispatcher.failure("ack", "127.0.0.1:6379",
				new InvalidDataAccessApiUsageException("ERR unknown command"));
		assertThat(scriptError).isNotInstanceOf(ConnectionException.class);
	}

}
