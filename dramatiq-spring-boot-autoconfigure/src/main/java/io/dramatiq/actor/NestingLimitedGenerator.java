package io.dramatiq.actor;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * Fails when what is written nests deeper than a limit, as Jackson's JSON generators do
 * and its token buffers do not: a cyclic object graph then fails at once, not with a
 * stack overflow.
 */
final class NestingLimitedGenerator extends JsonGeneratorDelegate {

	private final int maxDepth;

	NestingLimitedGenerator(JsonGenerator delegate, int maxDepth) {
		super(delegate, true);
		this.maxDepth = maxDepth;
	}

	@Override
	public JsonGenerator writeStartArray() throws JacksonException {
		super.writeStartArray();
		return checkDepth();
	}

	@Override
	public JsonGenerator writeStartArray(Object currentValue) throws JacksonException {
		super.writeStartArray(currentValue);
		return checkDepth();
	}

	@Override
	public JsonGenerator writeStartArray(Object currentValue, int size) throws JacksonException {
		super.writeStartArray(currentValue, size);
		return checkDepth();
	}

	@Override
	public JsonGenerator writeStartObject() throws JacksonException {
		super.writeStartObject();
		return checkDepth();
	}

	@Override
	public JsonGenerator writeStartObject(Object currentValue) throws JacksonException {
		super.writeStartObject(currentValue);
		return checkDepth();
	}

	@Override
	public JsonGenerator writeStartObject(Object currentValue, int size) throws JacksonException {
		super.writeStartObject(currentValue, size);
		return checkDepth();
	}

	private JsonGenerator checkDepth() {
		int depth = delegate().streamWriteContext().getNestingDepth();
		if (depth > this.maxDepth) {
			throw new StreamConstraintsException(
					"Document nesting depth (" + depth + ") exceeds the maximum allowed (" + this.maxDepth + ")");
		}
		return this;
	}

}
