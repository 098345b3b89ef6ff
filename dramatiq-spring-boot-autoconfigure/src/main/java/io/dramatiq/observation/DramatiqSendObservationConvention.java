package io.dramatiq.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code dramatiq.send} observation. Implement it (or extend
 * {@link DefaultDramatiqSendObservationConvention}) and declare it as a bean, or give it
 * to {@link io.dramatiq.broker.AbstractBroker#setSendObservationConvention}, to add or
 * change tags.
 */
public interface DramatiqSendObservationConvention extends ObservationConvention<DramatiqSendContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DramatiqSendContext;
	}

}
