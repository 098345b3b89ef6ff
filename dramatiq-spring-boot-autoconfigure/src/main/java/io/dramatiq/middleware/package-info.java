/**
 * Middleware: hooks around enqueueing and processing, and one class per Python Dramatiq
 * middleware. Spring-free.
 */
package io.dramatiq.middleware;
