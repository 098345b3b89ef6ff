/**
 * Observations: Micrometer Observation around sending a message and processing it, with
 * the W3C trace context carried in the message's options so that a trace goes on across
 * Java and Python workers. Spring-free; needs only {@code micrometer-observation}.
 */
package io.dramatiq.observation;
