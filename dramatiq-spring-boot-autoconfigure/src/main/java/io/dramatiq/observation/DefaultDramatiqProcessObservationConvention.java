package io.dramatiq.observation;

import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import io.dramatiq.observation.DramatiqObservationDocumentation.HighCardinalityKeyNames;
import io.dramatiq.observation.DramatiqObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@link DramatiqProcessObservationConvention}: the observation is named
 * {@code dramatiq.process}, its span {@code "<actor name> process"}, with the tags
 * {@code actor_name} and {@code queue_name} and the high-cardinality {@code message_id}.
 */
public class DefaultDramatiqProcessObservationConvention implements DramatiqProcessObservationConvention {

	/**
	 * A shared instance.
	 */
	public static final DefaultDramatiqProcessObservationConvention INSTANCE = new DefaultDramatiqProcessObservationConvention();

	/**
	 * The name of the observation.
	 */
	public static final String NAME = "dramatiq.process";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(DramatiqProcessContext context) {
		return context.getMessage().actorName() + " process";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DramatiqProcessContext context) {
		Message message = context.getMessage();
		return KeyValues.of(LowCardinalityKeyNames.ACTOR_NAME.withValue(message.actorName()),
				LowCardinalityKeyNames.QUEUE_NAME.withValue(QueueNames.canonical(message.queueName())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(DramatiqProcessContext context) {
		return KeyValues.of(HighCardinalityKeyNames.MESSAGE_ID.withValue(context.getMessage().messageId()));
	}

}
