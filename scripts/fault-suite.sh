#!/usr/bin/env bash
# The whole single-node fault suite in one command (docs/reliability.md): build the
# programs, start the brokers of its own (RabbitMQ on 5690, Redis on 6390), run every scenario
# 3 times on both brokers, stop them. Needs the shared Redis on 6379 (the runs are counted
# there). Extra arguments go to FaultSuite, such as --messages 200 or --runs 1.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
bash scripts/fault-brokers.sh start
trap 'bash scripts/fault-brokers.sh stop' EXIT
for broker in rabbitmq redis; do
	java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.FaultSuite \
		--broker "$broker" --scenario all --runs 3 --messages 1000 "$@"
done
