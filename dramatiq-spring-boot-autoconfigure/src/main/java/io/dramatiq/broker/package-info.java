/**
 * The broker SPI: {@link io.dramatiq.broker.Broker}, {@link io.dramatiq.broker.Consumer}
 * and {@link io.dramatiq.broker.Delivery}, and the hook SPI around them:
 * {@link io.dramatiq.broker.Middleware}, {@link io.dramatiq.broker.MessageProxy} and
 * {@link io.dramatiq.broker.WorkerView}; one sub-package per broker. Spring-free except
 * for the RabbitMQ and Redis brokers, which use Spring AMQP and Spring Data Redis as
 * clients.
 */
package io.dramatiq.broker;
