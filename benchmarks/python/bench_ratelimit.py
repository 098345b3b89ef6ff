"""Python Dramatiq's ConcurrentRateLimiter on Redis, to put beside RateLimitBench.

8 threads in one process acquire and release permits in a loop for some seconds, three
runs per case: every thread on a key of its own (limit 1), then all threads on one key of
limit 8. Prints permits per second and Redis round trips per permit (packets redis-py
sent and read a reply to: a MULTI/SET/EXEC pipeline is one).

    PYTHONPATH=<dramatiq checkout> python3 benchmarks/python/bench_ratelimit.py [port] [seconds] [runs]
"""
import statistics
import sys
import threading
import time
import uuid

import redis
import redis.connection
from dramatiq.rate_limits import ConcurrentRateLimiter
from dramatiq.rate_limits.backends import RedisBackend

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 10
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
THREADS = 8
PREFIX = "pybench-ratelimit-" + uuid.uuid4().hex[:8]

sent = [0]
sent_lock = threading.Lock()
original_send = redis.connection.Connection.send_packed_command


def counting_send(self, command, check_health=True):
    with sent_lock:
        sent[0] += 1
    return original_send(self, command, check_health)


redis.connection.Connection.send_packed_command = counting_send

client = redis.Redis(host="127.0.0.1", port=PORT, max_connections=64)
backend = RedisBackend(client=client)


def run(limiters, seconds):
    stop = threading.Event()
    permits = [0] * THREADS

    def loop(index):
        limiter = limiters(index)
        count = 0
        while not stop.is_set():
            with limiter.acquire(raise_on_failure=False) as acquired:
                if acquired:
                    count += 1
        permits[index] = count

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(THREADS)]
    before = sent[0]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    total = sum(permits)
    return total / elapsed, (sent[0] - before) / total


def measure(name, limiters):
    rates, trips = [], []
    for _ in range(RUNS):
        rate, per_permit = run(limiters, SECONDS)
        rates.append(rate)
        trips.append(per_permit)
    print("%-44s %9.0f / %9.0f / %9.0f permits/s (min/median/max)  %.2f round trips per permit"
          % (name, min(rates), statistics.median(rates), max(rates), statistics.median(trips)))


own = {i: ConcurrentRateLimiter(backend, "%s-own-%d" % (PREFIX, i), limit=1) for i in range(THREADS)}
shared = ConcurrentRateLimiter(backend, PREFIX + "-shared", limit=THREADS)
print("bench_ratelimit: Redis on port %d, %d threads, %d runs of %g s" % (PORT, THREADS, RUNS, SECONDS))
run(lambda i: own[i], 3)
measure("concurrent, a key per thread (limit 1)", lambda i: own[i])
measure("concurrent, one key of limit %d" % THREADS, lambda i: shared)
client.delete(*client.keys(PREFIX + "*"))
