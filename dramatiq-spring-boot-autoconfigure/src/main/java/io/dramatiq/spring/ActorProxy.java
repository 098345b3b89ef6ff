package io.dramatiq.spring;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ArgumentBindingException;
import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.EncodeException;
import io.dramatiq.message.Message;
import io.dramatiq.results.MessageResult;
import io.dramatiq.results.Results;

import org.springframework.util.function.SingletonSupplier;

/**
 * Sends messages to one actor, as an actor object does in Python Dramatiq
 * ({@code count_words.send(url)}). One {@code ActorProxy} bean exists per
 * {@link io.dramatiq.actor.Actor @Actor} method, named after the actor, so it can be
 * injected with {@code @Qualifier("count_words")} (or by the method's name).
 * <p>
 * Arguments are turned into plain JSON values when the message is built, so an argument
 * that has no JSON form fails here, in the caller, with an {@link EncodeException} naming
 * the actor and the argument. When the actor is declared in this process, the arguments
 * are also checked against its method's parameters, as the worker will bind them: too few
 * or too many, an unknown keyword, or a value that cannot bind to its parameter fails
 * with an {@link ArgumentBindingException} naming the parameter, and nothing is sent.
 * <p>
 * Inside a Spring transaction a send is enqueued once the transaction commits and dropped
 * if it rolls back; the message is still built and checked at once (see
 * {@link TransactionalSends}). {@link SendOptions#immediate()} enqueues at once instead.
 */
public class ActorProxy {

	private final String actorName;

	private final String queueName;

	private final Supplier<Broker> broker;

	private final Supplier<ArgumentEncoder> encoder;

	private final Supplier<MessageOptionKeys> optionKeys;

	private final Supplier<TransactionalSends> sends;

	/**
	 * Create a proxy whose broker and encoder are looked up on first use, and whose sends
	 * inside a Spring transaction wait for its commit.
	 * @param actorName the actor name
	 * @param queueName the actor's canonical queue
	 * @param broker supplies the broker the actor is declared on
	 * @param encoder supplies the encoder of arguments and option values
	 */
	public ActorProxy(String actorName, String queueName, Supplier<? extends Broker> broker,
			Supplier<? extends ArgumentEncoder> encoder) {
		this(actorName, queueName, broker, encoder, TransactionalSends::new);
	}

	/**
	 * Create a proxy whose broker, encoder and transaction policy are looked up on first
	 * use.
	 * @param actorName the actor name
	 * @param queueName the actor's canonical queue
	 * @param broker supplies the broker the actor is declared on
	 * @param encoder supplies the encoder of arguments and option values
	 * @param sends supplies what decides whether a send waits for the current
	 * transaction's commit (the application's {@link TransactionalSends} bean)
	 */
	public ActorProxy(String actorName, String queueName, Supplier<? extends Broker> broker,
			Supplier<? extends ArgumentEncoder> encoder, Supplier<? extends TransactionalSends> sends) {
		this.actorName = Objects.requireNonNull(actorName, "'actorName' must not be null");
		this.queueName = Objects.requireNonNull(queueName, "'queueName' must not be null");
		Objects.requireNonNull(broker, "'broker' must not be null");
		Objects.requireNonNull(encoder, "'encoder' must not be null");
		Objects.requireNonNull(sends, "'sends' must not be null");
		this.broker = SingletonSupplier.of(broker::get);
		this.encoder = SingletonSupplier.of(encoder::get);
		this.optionKeys = SingletonSupplier.of(() -> MessageOptionKeys.of(this.broker.get()));
		this.sends = SingletonSupplier.of(sends::get);
	}

	/**
	 * Create a proxy for an actor on a broker.
	 * @param actorName the actor name
	 * @param queueName the actor's canonical queue
	 * @param broker the broker the actor is declared on
	 * @param encoder the encoder of arguments and option values
	 */
	public ActorProxy(String actorName, String queueName, Broker broker, ArgumentEncoder encoder) {
		this(actorName, queueName, () -> Objects.requireNonNull(broker, "'broker' must not be null"),
				() -> Objects.requireNonNull(encoder, "'encoder' must not be null"));
	}

	/**
	 * Return the actor's name.
	 * @return the actor name
	 */
	public String actorName() {
		return this.actorName;
	}

	/**
	 * Return the actor's canonical queue.
	 * @return the queue name
	 */
	public String queueName() {
		return this.queueName;
	}

	/**
	 * Enqueue a message that runs the actor with these arguments as soon as a worker is
	 * free ({@code actor.send(*args)}).
	 * @param args the positional arguments; a lone {@code null} is one {@code null}
	 * argument
	 * @return the message as enqueued, or as built when it waits for the current
	 * transaction's commit
	 * @throws EncodeException if an argument cannot be encoded as JSON
	 * @throws ArgumentBindingException if the arguments do not fit a local actor's method
	 */
	public Message send(Object... args) {
		return sendWithOptions(SendOptions.none(), args);
	}

	/**
	 * Enqueue a message with options ({@code actor.send_with_options(args=..., delay=...,
	 * **options)}).
	 * @param options the delay and message options
	 * @param args the positional arguments
	 * @return the message as enqueued; a delayed message carries the delay queue's name
	 * and its {@code eta}, unless it waits for the current transaction's commit (then it
	 * is returned as built)
	 * @throws EncodeException if an argument or option cannot be encoded as JSON
	 * @throws ArgumentBindingException if the arguments do not fit a local actor's method
	 */
	public Message sendWithOptions(SendOptions options, Object... args) {
		return sendWithOptions(positional(args), Map.of(), options);
	}

	/**
	 * Enqueue a message with keyword arguments, which bind to the actor method's
	 * parameters by name ({@code actor.send_with_options(args=..., kwargs=...)}).
	 * @param args the positional arguments
	 * @param kwargs the keyword arguments
	 * @param options the delay and message options
	 * @return the message as enqueued, or as built when it waits for the current
	 * transaction's commit
	 * @throws EncodeException if an argument or option cannot be encoded as JSON
	 * @throws ArgumentBindingException if the arguments do not fit a local actor's method
	 */
	public Message sendWithOptions(List<?> args, Map<String, ?> kwargs, SendOptions options) {
		Objects.requireNonNull(options, "'options' must not be null");
		Message message = build(args, kwargs, options.getOptions(), false);
		Broker broker = this.broker.get();
		if (options.isImmediate()) {
			return broker.enqueue(message, options.getDelay());
		}
		return this.sends.get().enqueue(broker, message, options.getDelay());
	}

	/**
	 * Build a message without sending it ({@code actor.message(*args)}), for example to
	 * send it later with {@code broker.enqueue(message)} or to make it a step of a
	 * {@link io.dramatiq.composition.Pipeline}. The arguments are checked as by
	 * {@link #send}, except that the last one may be missing: a pipeline passes the
	 * previous step's result there (unless the message sets {@code pipe_ignore}).
	 * @param args the positional arguments
	 * @return the message
	 * @throws EncodeException if an argument cannot be encoded as JSON
	 * @throws ArgumentBindingException if the arguments do not fit a local actor's method
	 */
	public Message message(Object... args) {
		return messageWithOptions(SendOptions.none(), args);
	}

	/**
	 * Build a message with options without sending it
	 * ({@code actor.message_with_options(args=..., **options)}). As in Python, a delay is
	 * kept as the {@code delay} option in milliseconds, which pipelines honour.
	 * @param options the delay and message options
	 * @param args the positional arguments
	 * @return the message
	 * @throws EncodeException if an argument or option cannot be encoded as JSON
	 * @throws ArgumentBindingException if the arguments do not fit a local actor's method
	 */
	public Message messageWithOptions(SendOptions options, Object... args) {
		return messageWithOptions(positional(args), Map.of(), options);
	}

	/**
	 * Build a message with keyword arguments and options without sending it.
	 * @param args the positional arguments
	 * @param kwargs the keyword arguments
	 * @param options the delay and message options
	 * @return the message
	 * @throws EncodeException if an argument or option cannot be encoded as JSON
	 * @throws ArgumentBindingException if the arguments do not fit a local actor's method
	 */
	public Message messageWithOptions(List<?> args, Map<String, ?> kwargs, SendOptions options) {
		Objects.requireNonNull(options, "'options' must not be null");
		Map<String, Object> messageOptions = new LinkedHashMap<>(options.getOptions());
		Duration delay = options.getDelay();
		if (delay != null) {
			messageOptions.put("delay", delay.toMillis());
		}
		// a built message may become a pipeline step, which gets the previous result last
		boolean step = !Boolean.TRUE.equals(messageOptions.get("pipe_ignore"));
		return build(args, kwargs, messageOptions, step);
	}

	/**
	 * Return a handle on the result of a message sent to this actor
	 * ({@code message.get_result(...)}), typed by the actor method's return type when the
	 * actor is declared in this application, else as plain JSON values (maps, lists,
	 * strings, numbers). The actor must store its results ({@code store_results}).
	 *
	 * <pre class="code">
	 * MessageResult&lt;Integer&gt; sum = add.result(add.send(1, 2));
	 * int value = sum.get(Duration.ofSeconds(5));
	 * </pre>
	 * @param <T> the result type
	 * @param message a message sent to this actor
	 * @return the handle
	 * @throws IllegalArgumentException if the message is for another actor
	 * @throws IllegalStateException if no results backend is configured
	 */
	public <T> MessageResult<T> result(Message message) {
		Objects.requireNonNull(message, "'message' must not be null");
		if (!this.actorName.equals(message.actorName())) {
			throw new IllegalArgumentException("Message " + message.messageId() + " is for actor '"
					+ message.actorName() + "', not '" + this.actorName + "'. Ask that actor's proxy for its result.");
		}
		Broker broker = this.broker.get();
		return Results.of(broker).result(broker, message);
	}

	private Message build(List<?> args, Map<String, ?> kwargs, Map<String, Object> options, boolean step) {
		ArgumentEncoder encoder = this.encoder.get();
		List<?> givenArgs = (args != null) ? args : List.of();
		Map<String, ?> givenKwargs = (kwargs != null) ? kwargs : Map.of();
		List<Object> encodedArgs;
		Map<String, Object> encodedKwargs;
		Map<String, Object> encodedOptions = new LinkedHashMap<>();
		try {
			encodedArgs = encoder.encodeArgs(givenArgs.toArray());
			encodedKwargs = encoder.encodeKwargs(givenKwargs);
			options.forEach((key, value) -> encodedOptions.put(key, encoder.encode(value, "option '" + key + "'")));
			if (!encodedOptions.isEmpty()) {
				this.optionKeys.get().check(this.actorName, encodedOptions);
			}
		}
		catch (EncodeException ex) {
			throw new EncodeException("Message to actor '" + this.actorName + "' not sent. " + ex.getMessage(), ex);
		}
		ActorDefinition actor = this.broker.get().actors().find(this.actorName).orElse(null);
		if (actor != null) {
			try {
				if (step) {
					actor.function().checkStepArguments(encodedArgs, encodedKwargs, givenArgs, givenKwargs);
				}
				else {
					actor.function().checkArguments(encodedArgs, encodedKwargs, givenArgs, givenKwargs);
				}
			}
			catch (ArgumentBindingException ex) {
				throw new ArgumentBindingException(
						"Message to actor '" + this.actorName + "' not sent. " + ex.getMessage(), ex);
			}
		}
		return Message.create(this.queueName, this.actorName, encodedArgs, encodedKwargs, encodedOptions);
	}

	private static List<?> positional(Object[] args) {
		// send(null) passes a null array: Python's send(None) means one None argument
		return (args != null) ? Arrays.asList(args) : Collections.singletonList(null);
	}

	@Override
	public String toString() {
		return "ActorProxy[" + this.actorName + " on queue '" + this.queueName + "']";
	}

}
