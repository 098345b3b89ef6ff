/**
 * The in-memory stub broker for tests and local runs. Spring-free.
 */
package io.dramatiq.broker.stub;
