/**
 * The RabbitMQ broker, wire-compatible with Python Dramatiq's {@code RabbitmqBroker}
 * ({@code dramatiq/brokers/rabbitmq.py}). It uses Spring AMQP's {@code ConnectionFactory}
 * for connections and the RabbitMQ client's {@code Channel} directly, and no Spring Boot.
 */
package io.dramatiq.broker.rabbitmq;
