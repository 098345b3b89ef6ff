package io.dramatiq.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Barriers with Python Dramatiq's semantics, quirks included (spec §11.5, C78).
 */
class BarrierTests {

	private final StubRateLimiterBackend backend = new StubRateLimiterBackend();

	private final Barrier barrier = new Barrier(this.backend, "group-1", Duration.ofMinutes(1));

	@Test
	void createStoresThePartiesOnce() {
		assertThat(this.barrier.create(3)).isTrue();
		assertThat(this.barrier.create(5)).isFalse();
		assertThat(this.backend.get("group-1")).isEqualTo(3L);
		assertThatIllegalArgumentException().isThrownBy(() -> this.barrier.create(0));
	}

	@Test
	void lastPartyClearsAndNotifies() {
		this.barrier.create(3);
		assertThat(this.barrier.await()).isFalse();
		assertThat(this.barrier.await()).isFalse();
		assertThat(this.backend.get("group-1")).isEqualTo(1L);
		assertThat(this.backend.get("group-1@events")).isNull();
		assertThat(this.barrier.await()).isTrue();
		assertThat(this.backend.get("group-1")).isEqualTo(1L);
		assertThat(this.backend.get("group-1@events")).isEqualTo(1L);
	}

	@Test
	void laterPartiesClearAgainAsInPython() {
		this.barrier.create(2);
		this.barrier.await();
		assertThat(this.barrier.await()).isTrue();
		assertThat(this.barrier.await()).isTrue();
		assertThat(this.backend.get("group-1@events")).isEqualTo(2L);
	}

	@Test
	void missingBarrierClears() {
		assertThat(new Barrier(this.backend, "never-created", Duration.ofMinutes(1)).await()).isTrue();
	}

	@Test
	void blockedPartyIsReleasedByTheClearingCall() throws Exception {
		this.barrier.create(2);
		CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> this.barrier.await(null));
		// the waiter has reached the barrier once it counts one party less
		await().until(() -> this.backend.get("group-1") == 1L);
		assertThat(waiter).isNotDone();
		assertThat(this.barrier.await()).isTrue();
		assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void blockingAwaitTimesOut() {
		this.barrier.create(2);
		assertThat(this.barrier.await(Duration.ofMillis(50))).isFalse();
		// a late waiter finds the notification in place
		assertThat(this.barrier.await(Duration.ofMillis(50))).isTrue();
		assertThat(new Barrier(this.backend, "group-1", Duration.ofMinutes(1)).await(Duration.ofMillis(50))).isTrue();
	}

}
