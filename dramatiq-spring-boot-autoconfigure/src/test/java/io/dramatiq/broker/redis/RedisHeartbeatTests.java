package io.dramatiq.broker.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance interval of {@link RedisHeartbeat}.
 */
class RedisHeartbeatTests {

	@Test
	void consumingBrokersRunMaintenanceEveryHalfHeartbeatTimeoutAtMostFiveSecondsApart() {
		assertThat(RedisHeartbeat.maintenanceMillis(2000)).isEqualTo(1000);
		assertThat(RedisHeartbeat.maintenanceMillis(60000)).isEqualTo(5000);
		assertThat(RedisHeartbeat.maintenanceMillis(1)).isEqualTo(1);
	}

}
