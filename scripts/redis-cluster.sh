#!/usr/bin/env bash
# Start, stop or check a local Redis Cluster of 3 masters and 3 replicas on 127.0.0.1,
# for the cluster integration tests and the fault suite.
#
#   bash scripts/redis-cluster.sh start|stop|status
#
# Ports REDIS_CLUSTER_BASE_PORT (7001) to REDIS_CLUSTER_BASE_PORT + 5; data, logs and
# node files under REDIS_CLUSTER_DIR (/tmp/dramatiq-redis-cluster). Nothing is persisted.
# start and stop are idempotent; status exits 0 only when every node reports
# cluster_state:ok.
set -euo pipefail

BASE_PORT="${REDIS_CLUSTER_BASE_PORT:-7001}"
DIR="${REDIS_CLUSTER_DIR:-/tmp/dramatiq-redis-cluster}"
NODES=6
HOST=127.0.0.1
WAIT_SECONDS="${REDIS_CLUSTER_WAIT_SECONDS:-60}"

ports() {
	local i
	for ((i = 0; i < NODES; i++)); do
		echo $((BASE_PORT + i))
	done
}

need() {
	if ! command -v "$1" >/dev/null 2>&1; then
		echo "redis-cluster: '$1' not found; install it (Debian/Ubuntu: apt-get install redis-server redis-tools)" >&2
		exit 2
	fi
}

answers() {
	[ "$(redis-cli -h "$HOST" -p "$1" ping 2>/dev/null)" = "PONG" ]
}

node_ok() {
	redis-cli -h "$HOST" -p "$1" cluster info 2>/dev/null | tr -d '\r' | grep -qx 'cluster_state:ok'
}

all_ok() {
	local port
	for port in $(ports); do
		node_ok "$port" || return 1
	done
}

known_nodes() {
	redis-cli -h "$HOST" -p "$1" cluster info 2>/dev/null | tr -d '\r' | sed -n 's/^cluster_known_nodes://p'
}

start() {
	need redis-server
	need redis-cli
	local began port
	began=$(date +%s%N)
	if all_ok; then
		echo "redis-cluster: already running and ok on ports $(ports | paste -sd' ')"
		return 0
	fi
	mkdir -p "$DIR"
	for port in $(ports); do
		if answers "$port"; then
			continue
		fi
		mkdir -p "$DIR/$port"
		redis-server --cluster-enabled yes --port "$port" --bind "$HOST" --daemonize yes \
			--save '' --appendonly no --cluster-config-file "nodes-$port.conf" \
			--cluster-node-timeout 5000 --dir "$DIR/$port" \
			--logfile "$DIR/$port/redis.log" --pidfile "$DIR/$port/redis.pid"
	done
	local deadline=$(($(date +%s) + WAIT_SECONDS))
	for port in $(ports); do
		until answers "$port"; do
			if [ "$(date +%s)" -ge "$deadline" ]; then
				echo "redis-cluster: node $port does not answer; see $DIR/$port/redis.log" >&2
				exit 1
			fi
			sleep 0.1
		done
	done
	if [ "$(known_nodes "$BASE_PORT")" != "$NODES" ]; then
		local addresses=()
		for port in $(ports); do
			addresses+=("$HOST:$port")
		done
		redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >"$DIR/create.log" 2>&1 || {
			cat "$DIR/create.log" >&2
			echo "redis-cluster: 'redis-cli --cluster create' failed; try 'bash $0 stop' and start again" >&2
			exit 1
		}
	fi
	until all_ok; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			echo "redis-cluster: cluster_state is not ok on every node after ${WAIT_SECONDS}s" >&2
			status || true
			exit 1
		fi
		sleep 0.1
	done
	local took_ms=$((($(date +%s%N) - began) / 1000000))
	echo "redis-cluster: 3 masters + 3 replicas ok on $HOST:$BASE_PORT-$((BASE_PORT + NODES - 1)) (started in ${took_ms} ms)"
}

stop() {
	need redis-cli
	local port
	for port in $(ports); do
		if answers "$port"; then
			redis-cli -h "$HOST" -p "$port" shutdown nosave >/dev/null 2>&1 || true
		fi
	done
	for port in $(ports); do
		local tries=0
		while answers "$port" && [ "$tries" -lt 100 ]; do
			sleep 0.1
			tries=$((tries + 1))
		done
	done
	rm -rf "$DIR"
	echo "redis-cluster: stopped"
}

status() {
	need redis-cli
	local port failed=0
	for port in $(ports); do
		if node_ok "$port"; then
			local role
			role=$(redis-cli -h "$HOST" -p "$port" role 2>/dev/null | head -1 | tr -d '\r')
			echo "$HOST:$port ok ($role)"
		elif answers "$port"; then
			echo "$HOST:$port up, cluster_state not ok"
			failed=1
		else
			echo "$HOST:$port down"
			failed=1
		fi
	done
	return "$failed"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
	echo "usage: $0 start|stop|status" >&2
	exit 2
	;;
esac
