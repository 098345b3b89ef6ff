#!/usr/bin/env bash
# Start, stop or restart the single-node brokers of the fault suite (docs/reliability.md):
# a RabbitMQ node dramatiq-fault@localhost on AMQP port 5690 (distribution port 25690,
# management off) and a Redis on port 6390. They are separate from the brokers on 5672 and
# 6379, so that the suite can restart them or close their connections without touching
# anything else on the machine.
#
#   scripts/fault-brokers.sh start|stop|status
#   scripts/fault-brokers.sh restart-rabbitmq|restart-redis   (a clean stop, then start)
set -euo pipefail

BASE=${DRAMATIQ_FAULT_BASE:-/tmp/dramatiq-fault}
RABBIT_DIR=${BASE}-rabbit
REDIS_DIR=${BASE}-redis
NODE=dramatiq-fault@localhost
AMQP_PORT=5690
DIST_PORT=25690
REDIS_PORT=6390

rabbit_env() {
	mkdir -p "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log"
	: >"$RABBIT_DIR/enabled_plugins"
	: >"$RABBIT_DIR/rabbitmq-env.conf"
	printf 'listeners.tcp.local = 127.0.0.1:%s\nloopback_users = none\n' "$AMQP_PORT" >"$RABBIT_DIR/rabbitmq.conf"
	export RABBITMQ_NODENAME=$NODE
	export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
	export RABBITMQ_NODE_PORT=$AMQP_PORT
	export RABBITMQ_DIST_PORT=$DIST_PORT
	export RABBITMQ_CONF_ENV_FILE=$RABBIT_DIR/rabbitmq-env.conf
	export RABBITMQ_CONFIG_FILE=$RABBIT_DIR/rabbitmq.conf
	export RABBITMQ_MNESIA_BASE=$RABBIT_DIR/mnesia
	export RABBITMQ_LOG_BASE=$RABBIT_DIR/log
	export RABBITMQ_ENABLED_PLUGINS_FILE=$RABBIT_DIR/enabled_plugins
	export RABBITMQ_PID_FILE=$RABBIT_DIR/pid
	export ERL_EPMD_ADDRESS=127.0.0.1
	export ERL_FLAGS="-kernel inet_dist_use_interface {127,0,0,1}"
	# Debian's wrapper runs the server as the rabbitmq user when started by root
	if [ "$(id -u)" = 0 ] && id rabbitmq >/dev/null 2>&1; then
		chown -R rabbitmq:rabbitmq "$RABBIT_DIR"
	fi
}

start_rabbitmq() {
	rabbit_env
	if rabbitmqctl -n "$NODE" -q status >/dev/null 2>&1; then
		echo "RabbitMQ $NODE already running"
		return
	fi
	(setsid rabbitmq-server >"$RABBIT_DIR/log/console.log" 2>&1 &)
	rabbitmqctl -n "$NODE" -q wait --timeout 120 "$RABBITMQ_PID_FILE"
	echo "RabbitMQ $NODE on 127.0.0.1:$AMQP_PORT"
}

stop_rabbitmq() {
	rabbit_env
	rabbitmqctl -n "$NODE" -q stop "$RABBITMQ_PID_FILE" 2>/dev/null || true
}

start_redis() {
	mkdir -p "$REDIS_DIR"
	if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
		echo "Redis already running on $REDIS_PORT"
		return
	fi
	# no automatic snapshots and no AOF; a clean restart (SHUTDOWN SAVE) still writes
	# dump.rdb in $REDIS_DIR, which the next start loads
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
		--dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
	for _ in $(seq 1 100); do
		redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	echo "Redis on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
	redis-cli -p "$REDIS_PORT" shutdown save >/dev/null 2>&1 || true
	for _ in $(seq 1 100); do
		redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || return 0
		sleep 0.1
	done
}

case "${1:-}" in
start) start_rabbitmq; start_redis ;;
stop) stop_rabbitmq; stop_redis; rm -f "$REDIS_DIR/dump.rdb" ;;
status)
	rabbitmqctl -n "$NODE" -q status >/dev/null 2>&1 && echo "RabbitMQ $NODE up" || echo "RabbitMQ $NODE down"
	redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && echo "Redis $REDIS_PORT up" || echo "Redis $REDIS_PORT down" ;;
restart-rabbitmq) stop_rabbitmq; start_rabbitmq ;;
restart-redis) stop_redis; start_redis ;;
*) echo "usage: $0 start|stop|status|restart-rabbitmq|restart-redis" >&2; exit 2 ;;
esac
