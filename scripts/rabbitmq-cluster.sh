#!/usr/bin/env bash
# A 3-node RabbitMQ cluster on 127.0.0.1 for the cluster tests, built from Debian's rabbitmq-server.
#
#   scripts/rabbitmq-cluster.sh start    start dramatiq-c1..c3@localhost and join c2, c3 to c1
#   scripts/rabbitmq-cluster.sh stop     stop the three nodes and delete their data
#   scripts/rabbitmq-cluster.sh status   exit 0 when all three nodes answer
#   scripts/rabbitmq-cluster.sh ctl N ARGS...   run rabbitmqctl against node cN (e.g. ctl 1 stop_app)
#
# Node N listens for AMQP on CLUSTER_BASE_PORT+N-1 (5681..5683 by default) and for Erlang distribution
# on that port + 20000 (25681..25683). Every node keeps its data, logs, pid file and configuration under
# CLUSTER_DIR (/tmp/dramatiq-rabbitmq-cluster by default) and shares one Erlang cookie through HOME.
# The system's own node (rabbit@..., port 5672) and its configuration files are never read or touched;
# epmd is shared with it, which is how Erlang works.
set -euo pipefail

BASE_PORT="${CLUSTER_BASE_PORT:-5681}"
DIR="${CLUSTER_DIR:-/tmp/dramatiq-rabbitmq-cluster}"
BIN="${RABBITMQ_BIN:-/usr/lib/rabbitmq/bin}"
NODES=(1 2 3)

node_name() { echo "dramatiq-c$1@localhost"; }
amqp_port() { echo $((BASE_PORT + $1 - 1)); }
dist_port() { echo $((BASE_PORT + 20000 + $1 - 1)); }

# Runs a RabbitMQ command (server or CLI) with node N's environment.
with_node() {
	local n="$1"
	shift
	env HOME="$DIR/home" \
		RABBITMQ_NODENAME="$(node_name "$n")" \
		RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
		RABBITMQ_NODE_PORT="$(amqp_port "$n")" \
		RABBITMQ_DIST_PORT="$(dist_port "$n")" \
		RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf" \
		RABBITMQ_CONFIG_FILE="$DIR/c$n/rabbitmq.conf" \
		RABBITMQ_ADVANCED_CONFIG_FILE="$DIR/c$n/advanced.config" \
		RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins" \
		RABBITMQ_MNESIA_BASE="$DIR/c$n/mnesia" \
		RABBITMQ_LOG_BASE="$DIR/c$n/log" \
		RABBITMQ_PID_FILE="$DIR/c$n/rabbitmq.pid" \
		"$@"
}

ctl() { # N ARGS...
	local n="$1"
	shift
	with_node "$n" "$BIN/rabbitmqctl" -n "$(node_name "$n")" "$@"
}

answers() { # N
	[ -d "$DIR/home" ] && ctl "$1" -q status >/dev/null 2>&1
}

require_rabbitmq() {
	if [ ! -x "$BIN/rabbitmq-server" ]; then
		echo "RabbitMQ is not installed ($BIN/rabbitmq-server is missing): apt-get install rabbitmq-server" >&2
		exit 1
	fi
}

prepare() {
	mkdir -p "$DIR/home"
	chmod 700 "$DIR" "$DIR/home"
	if [ ! -f "$DIR/home/.erlang.cookie" ]; then
		(umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/home/.erlang.cookie")
		chmod 400 "$DIR/home/.erlang.cookie"
	fi
	# The distribution listens on 127.0.0.1 only.
	echo 'SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"' >"$DIR/rabbitmq-env.conf"
	echo '[].' >"$DIR/enabled_plugins"
	for n in "${NODES[@]}"; do
		mkdir -p "$DIR/c$n/mnesia" "$DIR/c$n/log"
		cat >"$DIR/c$n/rabbitmq.conf" <<-EOF
			listeners.tcp.1 = 127.0.0.1:$(amqp_port "$n")
			log.console = false
			log.file.level = info
		EOF
		echo '[].' >"$DIR/c$n/advanced.config"
	done
}

status() {
	local n ok=0
	for n in "${NODES[@]}"; do
		if answers "$n"; then
			echo "$(node_name "$n") answers (AMQP 127.0.0.1:$(amqp_port "$n"))."
		else
			echo "$(node_name "$n") does not answer."
			ok=1
		fi
	done
	return $ok
}

stop() {
	local n pid
	for n in "${NODES[@]}"; do
		if answers "$n"; then
			ctl "$n" stop "$DIR/c$n/rabbitmq.pid" >/dev/null 2>&1 || true
		fi
		# A node that did not answer may still have a process: end it by its own pid.
		if [ -f "$DIR/c$n/rabbitmq.pid" ]; then
			pid="$(cat "$DIR/c$n/rabbitmq.pid")"
			if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
				kill "$pid" 2>/dev/null || true
				for _ in $(seq 1 30); do
					kill -0 "$pid" 2>/dev/null || break
					sleep 1
				done
				kill -9 "$pid" 2>/dev/null || true
			fi
		fi
	done
	rm -rf "$DIR"
	echo "Cluster stopped; $DIR deleted."
}

start() {
	require_rabbitmq
	local began n
	began=$(date +%s.%N)
	if status >/dev/null 2>&1; then
		echo "The cluster is already running."
		ctl 1 cluster_status
		return 0
	fi
	# Half a cluster (a node died, a previous start failed) is not worth repairing: start clean.
	stop >/dev/null
	prepare
	for n in "${NODES[@]}"; do
		echo "Starting $(node_name "$n") on 127.0.0.1:$(amqp_port "$n") (distribution port $(dist_port "$n"))."
		with_node "$n" "$BIN/rabbitmq-server" -detached
	done
	for n in "${NODES[@]}"; do
		# "wait" follows the pid file, so it also covers the time before the node registers with epmd.
		if ! ctl "$n" wait --timeout 120 "$DIR/c$n/rabbitmq.pid" >/dev/null; then
			echo "$(node_name "$n") did not start; see $DIR/c$n/log." >&2
			exit 1
		fi
	done
	for n in 2 3; do
		echo "Joining $(node_name "$n") to $(node_name 1)."
		ctl "$n" stop_app >/dev/null
		ctl "$n" reset >/dev/null
		ctl "$n" join_cluster "$(node_name 1)" >/dev/null
		ctl "$n" start_app >/dev/null
	done
	for n in "${NODES[@]}"; do
		ctl "$n" --timeout 120 await_startup >/dev/null
	done
	ctl 1 cluster_status
	echo "Cluster started in $(awk -v b="$began" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - b }') s."
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
ctl)
	shift
	ctl "$@"
	;;
*)
	echo "usage: $0 start|stop|status|ctl N ARGS..." >&2
	exit 2
	;;
esac
