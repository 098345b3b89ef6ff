package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * The frames {@link RabbitmqAcks} writes: acks settled while another thread writes go out
 * together, and never as a {@code multiple} ack over a delivery that is still running.
 * The first write is held inside the channel, as a slow socket write would be, while
 * other threads settle their deliveries.
 */
class RabbitmqAcksTests {

	private final Channel channel = mock(Channel.class);

	private final RabbitmqAcks acks = new RabbitmqAcks(this.channel);

	private final CountDownLatch writing = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private void deliver(long... tags) {
		for (long tag : tags) {
			this.acks.delivered(tag);
		}
	}

	/** Ack {@code tag} on another thread and hold its write until {@link #release}. */
	private CompletableFuture<Void> ackHeldInTheChannel(long tag) throws Exception {
		willAnswer((invocation) -> {
			this.writing.countDown();
			assertThat(this.release.await(10, TimeUnit.SECONDS)).isTrue();
			return null;
		}).given(this.channel).basicAck(tag, false);
		CompletableFuture<Void> held = CompletableFuture.runAsync(() -> {
			try {
				this.acks.ack(tag);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(this.writing.await(10, TimeUnit.SECONDS)).isTrue();
		return held;
	}

	@Test
	void aLoneAckIsWrittenAtOnceForItsDeliveryOnly() throws IOException {
		deliver(1, 2);
		this.acks.ack(2);
		verify(this.channel).basicAck(2, false);
		this.acks.ack(1);
		verify(this.channel).basicAck(1, false);
		verifyNoMoreInteractions(this.channel);
	}

	@Test
	void acksSettledWhileAnotherThreadWritesGoOutAsOneMultipleAck() throws Exception {
		// Given four deliveries, the first one's ack held in the channel
		deliver(1, 2, 3, 4);
		CompletableFuture<Void> held = ackHeldInTheChannel(1);
		// When the other three finish meanwhile
		this.acks.ack(3);
		this.acks.ack(2);
		this.acks.ack(4);
		// I expect their threads to return without writing, and one multiple ack to
		// follow the held one
		verify(this.channel).basicAck(1, false);
		verifyNoMoreInteractions(this.channel);
		this.release.countDown();
		held.get(10, TimeUnit.SECONDS);
		InOrder order = inOrder(this.channel);
		order.verify(this.channel).basicAck(1, false);
		order.verify(this.channel).basicAck(4, true);
		verifyNoMoreInteractions(this.channel);
	}

	@Test
	void aMultipleAckNeverCoversADeliveryStillRunning() throws Exception {
		// Given five deliveries, the third one still running
		deliver(1, 2, 3, 4, 5);
		CompletableFuture<Void> held = ackHeldInTheChannel(1);
		// When 2, 4 and 5 finish while the ack of 1 is written
		this.acks.ack(2);
		this.acks.ack(4);
		this.acks.ack(5);
		this.release.countDown();
		held.get(10, TimeUnit.SECONDS);
		// I expect 2 acked alone (it is below the running one) and 4 and 5 each on
		// their own, so that 3 stays unacked
		InOrder order = inOrder(this.channel);
		order.verify(this.channel).basicAck(1, false);
		verify(this.channel).basicAck(2, false);
		verify(this.channel).basicAck(4, false);
		verify(this.channel).basicAck(5, false);
		verify(this.channel, never()).basicAck(anyLong(), eq(true));
		// and 3 acked alone once it finishes
		this.acks.ack(3);
		verify(this.channel).basicAck(3, false);
		verifyNoMoreInteractions(this.channel);
	}

	@Test
	void nacksAreWrittenBeforeAMultipleAckThatWouldCoverThem() throws Exception {
		// Given four deliveries, the first one's ack held in the channel
		deliver(1, 2, 3, 4);
		CompletableFuture<Void> held = ackHeldInTheChannel(1);
		// When 2 fails and 3 and 4 finish meanwhile
		this.acks.nack(2);
		this.acks.ack(3);
		this.acks.ack(4);
		this.release.countDown();
		held.get(10, TimeUnit.SECONDS);
		// I expect 2 dead-lettered first, then 3 and 4 acked together
		InOrder order = inOrder(this.channel);
		order.verify(this.channel).basicAck(1, false);
		order.verify(this.channel).basicNack(2, false, false);
		order.verify(this.channel).basicAck(4, true);
		verifyNoMoreInteractions(this.channel);
	}

	@Test
	void aClosedChannelFailsTheThreadThatWrites() throws IOException {
		deliver(1);
		willThrow(new AlreadyClosedException(new ShutdownSignalException(false, false, null, null))).given(this.channel)
			.basicAck(anyLong(), anyBoolean());
		assertThatExceptionOfType(AlreadyClosedException.class).isThrownBy(() -> this.acks.ack(1));
	}

}
