/**
 * An application package scanned for typed actor clients.
 */
package io.dramatiq.spring.boot.autoconfigure.clients.app;
