/**
 * The Redis broker, wire-compatible with Python Dramatiq's: its own Lua dispatch script
 * on the key layout of Python's, heartbeats and the maintenance that gives a dead
 * worker's messages back. Built on Spring Data Redis connections; no Boot.
 */
package io.dramatiq.broker.redis;
