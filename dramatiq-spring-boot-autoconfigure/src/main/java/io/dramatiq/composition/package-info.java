/**
 * Pipelines and groups of messages, as Python Dramatiq's {@code dramatiq.composition}.
 * Spring-free.
 */
package io.dramatiq.composition;
