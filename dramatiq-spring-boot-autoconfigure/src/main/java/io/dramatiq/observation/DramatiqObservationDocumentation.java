package io.dramatiq.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations Dramatiq makes, their names and their keys: {@code dramatiq.send}
 * around every enqueue of a message and {@code dramatiq.process} around every run of an
 * actor on a worker. Both carry the low-cardinality keys {@code actor_name} and
 * {@code queue_name}, as Dramatiq's metrics do, and the high-cardinality key
 * {@code message_id}.
 */
public enum DramatiqObservationDocumentation implements ObservationDocumentation {

	/**
	 * Enqueuing a message: a producer span when tracing is on, which writes the trace
	 * context into the message's options.
	 */
	SEND {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDramatiqSendObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	},

	/**
	 * Running an actor on a worker thread: a consumer span when tracing is on, the child
	 * of the trace context in the message's options, in scope while the middleware and
	 * the actor run.
	 */
	PROCESS {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDramatiqProcessObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Keys with few values, fit for metrics tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The name of the actor the message is for.
		 */
		ACTOR_NAME {

			@Override
			public String asString() {
				return "actor_name";
			}

		},

		/**
		 * The canonical name of the queue the message goes to (without {@code .DQ} for a
		 * delayed message).
		 */
		QUEUE_NAME {

			@Override
			public String asString() {
				return "queue_name";
			}

		}

	}

	/**
	 * Keys with one value per message, kept out of metrics.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The message id.
		 */
		MESSAGE_ID {

			@Override
			public String asString() {
				return "message_id";
			}

		}

	}

}
