package io.dramatiq.observation;

import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import io.dramatiq.observation.DramatiqObservationDocumentation.HighCardinalityKeyNames;
import io.dramatiq.observation.DramatiqObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@link DramatiqSendObservationConvention}: the observation is named
 * {@code dramatiq.send}, its span {@code "<actor name> send"}, with the tags
 * {@code actor_name} and {@code queue_name} (the canonical queue, also for a delayed
 * message) and the high-cardinality {@code message_id}.
 */
public class DefaultDramatiqSendObservationConvention implements DramatiqSendObservationConvention {

	/**
	 * A shared instance.
	 */
	public static final DefaultDramatiqSendObservationConvention INSTANCE = new DefaultDramatiqSendObservationConvention();

	/**
	 * The name of the observation.
	 */
	public static final String NAME = "dramatiq.send";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(DramatiqSendContext context) {
		return context.getMessage().actorName() + " send";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DramatiqSendContext context) {
		Message message = context.getMessage();
		return KeyValues.of(LowCardinalityKeyNames.ACTOR_NAME.withValue(message.actorName()),
				LowCardinalityKeyNames.QUEUE_NAME.withValue(QueueNames.canonical(message.queueName())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DramatiqSendContext context) {
		return KeyValues.of(HighCardinalityKeyNames.MESSAGE_ID.withValue(context.getMessage().messageId()));
	}

}
