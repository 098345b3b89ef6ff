/**
 * Dramatiq's background-task model for the JVM, wire-compatible with Python Dramatiq 2.2.
 * Everything below this package except {@code io.dramatiq.spring} is Spring-free.
 */
package io.dramatiq;
