package io.dramatiq.broker.rabbitmq;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmCallback;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ReturnCallback;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.dramatiq.broker.ConnectionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * The publisher's confirm handling and retries, on channels that answer as scripted. The
 * answers come from the publishing thread itself, as RabbitMQ's would come from the
 * connection's thread.
 */
class RabbitmqPublisherTests {

	private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

	private final RabbitmqConnections connections = mock(RabbitmqConnections.class);

	private final List<ScriptedChannel> channels = new ArrayList<>();

	private final RabbitmqPublisher publisher = new RabbitmqPublisher(this.connections,
			new RabbitmqTopology(RabbitmqBrokerOptions.defaults()), RabbitmqBrokerOptions.defaults());

	private void openChannels(Answer... answers) {
		List<Channel> mocks = new ArrayList<>();
		for (Answer answer : answers) {
			ScriptedChannel channel = new ScriptedChannel(answer);
			this.channels.add(channel);
			mocks.add(channel.mock);
		}
		given(this.connections.createPublisherChannel()).willReturn(mocks.get(0),
				mocks.subList(1, mocks.size()).toArray(new Channel[0]));
		given(this.connections.address()).willReturn("127.0.0.1:5672");
	}

	private static RabbitmqPublisher.Outgoing message(String body) {
		return new RabbitmqPublisher.Outgoing("q", PERSISTENT, body.getBytes());
	}

	@Test
	void confirmedMessageIsPublishedOnce() {
		openChannels(Answer.ACK);
		this.publisher.publish(message("a"));
		assertThat(this.channels.get(0).published).containsExactly("a");
	}

	@Test
	void nackedMessageIsPublishedAgain() {
		openChannels(Answer.NACK_ONCE);
		this.publisher.publish(message("a"));
		assertThat(this.channels.get(0).published).containsExactly("a", "a");
	}

	@Test
	void returnedMessageDeclaresTheQueueAgainAndIsPublishedAgain() throws Exception {
		openChannels(Answer.RETURN_ONCE);
		this.publisher.publish(message("a"));
		assertThat(this.channels.get(0).published).containsExactly("a", "a");
		// declared before the first publish, and again after the return
		assertThat(this.channels.get(0).declarations).hasSize(6);
	}

	@Test
	void messagesOfAChannelThatClosedBeforeTheirConfirmArePublishedAgainOnANewChannel() {
		openChannels(Answer.CLOSE, Answer.ACK);
		this.publisher.publishAll(List.of(message("a"), message("b")));
		assertThat(this.channels.get(0).published).containsExactly("a");
		assertThat(this.channels.get(1).published).containsExactly("a", "b");
	}

	@Test
	void batchConfirmedByOneMultipleAckIsPublishedOnce() {
		openChannels(Answer.ACK_AT_THE_END);
		this.publisher.publishAll(List.of(message("a"), message("b"), message("c")));
		assertThat(this.channels.get(0).published).containsExactly("a", "b", "c");
	}

	@Test
	void publishGivesUpAfterSixAttempts() {
		openChannels(Answer.RETURN);
		assertThatExceptionOfType(ConnectionException.class).isThrownBy(() -> this.publisher.publish(message("a")))
			.withMessage("Could not publish 1 message(s) to queue 'q' on RabbitMQ at 127.0.0.1:5672 after 6 attempts.")
			.withCauseInstanceOf(PublisherChannel.UnroutableException.class);
		assertThat(this.channels.get(0).published).hasSize(6);
	}

	/**
	 * How a scripted channel answers a publish.
	 */
	enum Answer {

		/** Ack each publish. */
		ACK,

		/** Nack the first publish, ack the others. */
		NACK_ONCE,

		/** Return the first publish as unroutable, then ack it; ack the others. */
		RETURN_ONCE,

		/** Return every publish. */
		RETURN,

		/** Close the channel on the second publish. */
		CLOSE,

		/** Ack nothing until three messages were published, then ack all at once. */
		ACK_AT_THE_END

	}

	private static final class ScriptedChannel {

		final Channel mock = mock(Channel.class);

		final List<String> published = new ArrayList<>();

		final List<String> declarations = new ArrayList<>();

		private final AtomicLong sequence = new AtomicLong(1);

		private ConfirmCallback ack;

		private ConfirmCallback nack;

		private ReturnCallback returns;

		private ShutdownListener shutdown;

		private boolean open = true;

		ScriptedChannel(Answer answer) {
			try {
				given(this.mock.isOpen()).willAnswer((invocation) -> this.open);
				given(this.mock.getNextPublishSeqNo()).willAnswer((invocation) -> this.sequence.get());
				willAnswer((invocation) -> {
					this.ack = invocation.getArgument(0);
					this.nack = invocation.getArgument(1);
					return null;
				}).given(this.mock).addConfirmListener(any(ConfirmCallback.class), any(ConfirmCallback.class));
				willAnswer((invocation) -> {
					this.returns = invocation.getArgument(0);
					return null;
				}).given(this.mock).addReturnListener(any(ReturnCallback.class));
				willAnswer((invocation) -> {
					this.shutdown = invocation.getArgument(0);
					return null;
				}).given(this.mock).addShutdownListener(any(ShutdownListener.class));
				given(this.mock.queueDeclare(anyString(), anyBoolean(), anyBoolean(), anyBoolean(), any()))
					.willAnswer((invocation) -> {
						this.declarations.add(invocation.getArgument(0));
						return null;
					});
				willAnswer((invocation) -> {
					publish(answer, invocation.getArgument(1), invocation.getArgument(4));
					return null;
				}).given(this.mock)
					.basicPublish(anyString(), anyString(), anyBoolean(), any(AMQP.BasicProperties.class),
							any(byte[].class));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		private void publish(Answer answer, String routingKey, byte[] body) throws Exception {
			long tag = this.sequence.getAndIncrement();
			if (answer == Answer.CLOSE && tag == 2) {
				this.open = false;
				ShutdownSignalException cause = new ShutdownSignalException(true, false, null, null);
				this.shutdown.shutdownCompleted(cause);
				throw new AlreadyClosedException(cause);
			}
			this.published.add(new String(body));
			switch (answer) {
				case ACK -> this.ack.handle(tag, false);
				case NACK_ONCE -> ((tag == 1) ? this.nack : this.ack).handle(tag, false);
				case RETURN_ONCE -> {
					if (tag == 1) {
						returned(routingKey, body);
					}
					this.ack.handle(tag, false);
				}
				case RETURN -> {
					returned(routingKey, body);
					this.ack.handle(tag, false);
				}
				case CLOSE -> {
					// no confirm: the channel closes on the next publish
				}
				case ACK_AT_THE_END -> {
					if (tag == 3) {
						this.ack.handle(tag, true);
					}
				}
			}
		}

		private void returned(String routingKey, byte[] body) {
			this.returns.handle(new Return(312, "NO_ROUTE", "", routingKey, PERSISTENT, body));
		}

	}

}
