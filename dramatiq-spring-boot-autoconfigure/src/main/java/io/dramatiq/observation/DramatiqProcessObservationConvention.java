package io.dramatiq.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code dramatiq.process} observation. Implement it (or extend
 * {@link DefaultDramatiqProcessObservationConvention}) and declare it as a bean, or give
 * it to {@link io.dramatiq.worker.Worker#setProcessObservationConvention}, to add or
 * change tags.
 */
public interface DramatiqProcessObservationConvention extends ObservationConvention<DramatiqProcessContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DramatiqProcessContext;
	}

}
