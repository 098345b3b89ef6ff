/**
 * The RabbitMQ event backend of aborts, on Spring AMQP: abort requests broadcast to every
 * worker through a fanout exchange.
 */
package io.dramatiq.abort.rabbitmq;
