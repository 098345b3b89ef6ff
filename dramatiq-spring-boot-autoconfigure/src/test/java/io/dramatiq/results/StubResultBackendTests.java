package io.dramatiq.results;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.dramatiq.message.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StubResultBackend}.
 */
class StubResultBackendTests {

	private final StubResultBackend backend = new StubResultBackend();

	private final Message message = Message.create("default", "add", List.of(1, 2), Map.of(), Map.of());

	@Test
	void expiredResultIsGone() {
		this.backend.storeResult(this.message, 3, Duration.ofMillis(100));
		assertThat(this.backend.getResult(this.message)).isEqualTo(3);
		await().atMost(Duration.ofSeconds(2)).until(() -> !this.backend.isStored(this.message));
		assertThatExceptionOfType(ResultMissingException.class).isThrownBy(() -> this.backend.getResult(this.message));
	}

	@Test
	void storeWakesBlockedReaderAtOnce() throws Exception {
		CompletableFuture<Object> reader = CompletableFuture
			.supplyAsync(() -> this.backend.getResult(this.message, Duration.ofSeconds(30)));
		await().atMost(Duration.ofSeconds(5)).until(this.backend::hasWaiters);
		assertThat(reader).isNotDone();
		long start = System.nanoTime();
		this.backend.storeResult(this.message, "done", Duration.ofMinutes(1));
		assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		// the value stays in place
		assertThat(this.backend.getResult(this.message)).isEqualTo("done");
	}

	@Test
	void blockingReadTimesOutAfterTimeout() {
		long start = System.nanoTime();
		assertThatExceptionOfType(ResultTimeoutException.class)
			.isThrownBy(() -> this.backend.getResult(this.message, Duration.ofMillis(200)));
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(elapsed).isGreaterThanOrEqualTo(200).isLessThan(1000);
	}

	@Test
	void clearForgetsEverything() {
		this.backend.storeResult(this.message, 3, Duration.ofMinutes(1));
		this.backend.clear();
		assertThat(this.backend.isStored(this.message)).isFalse();
	}

}
