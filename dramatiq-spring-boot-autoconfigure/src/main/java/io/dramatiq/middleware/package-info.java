/**
 * Python Dramatiq's middleware, one class each, built on the hook SPI of
 * {@link io.dramatiq.broker.Middleware}. Spring-free.
 */
package io.dramatiq.middleware;
