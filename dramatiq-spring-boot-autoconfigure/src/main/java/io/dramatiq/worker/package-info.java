/**
 * The worker: consumer threads per queue and delay queue, a priority work queue and
 * worker threads that run actors through the middleware. Spring-free.
 */
package io.dramatiq.worker;
