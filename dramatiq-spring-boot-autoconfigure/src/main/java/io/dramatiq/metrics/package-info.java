/**
 * Metrics: a Micrometer middleware whose meters a Prometheus scrape shows under Python
 * Dramatiq's names. Spring-free; needs only {@code micrometer-core}.
 */
package io.dramatiq.metrics;
