"""Python Dramatiq's cost of storing results on Redis, to put beside ResultsBench.

Paired drains of 20,000 messages of a no-op actor without and with ``store_results`` (one
process, ``dramatiq.Worker`` with 8 threads, Python's default middleware plus Results on a
Redis backend), then how soon a blocked ``get_result`` wakes once the result is stored.
Keys go to namespaces of their own.

    PYTHONPATH=<dramatiq checkout> python3 benchmarks/python/bench_results.py [messages] [pairs]
"""
import statistics
import sys
import threading
import time
import uuid

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.message import Message
from dramatiq.results import Results
from dramatiq.results.backends.redis import RedisBackend

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
PAIRS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
QUEUE = "pyresults_" + uuid.uuid4().hex[:8]
NAMESPACE = "dramatiq-pybench-" + uuid.uuid4().hex[:8]

client = redis.Redis(host="127.0.0.1", port=6379)
backend = RedisBackend(client=client, namespace=NAMESPACE + "-results")
broker = RedisBroker(client=client, namespace=NAMESPACE)
broker.add_middleware(Results(backend=backend))
dramatiq.set_broker(broker)

lock = threading.Lock()
done = threading.Event()
left = [0]


def ran():
    with lock:
        left[0] -= 1
        if left[0] == 0:
            done.set()


@dramatiq.actor(queue_name=QUEUE, max_retries=0)
def noop(i):
    # returns nothing: Python logs a warning for every value it drops
    ran()


@dramatiq.actor(queue_name=QUEUE, max_retries=0, store_results=True)
def noop_stored(i):
    ran()
    return i


def drain(actor, count):
    for i in range(count):
        actor.send(i)
    left[0] = count
    done.clear()
    worker = dramatiq.Worker(broker, worker_threads=8, worker_timeout=100)
    start = time.perf_counter()
    worker.start()
    done.wait(120)
    elapsed = time.perf_counter() - start
    worker.stop()
    return count / elapsed


def wake_ups(samples=200):
    micros = []
    for i in range(samples):
        message = noop_stored.message(i)
        woke = []
        waiting = threading.Event()

        def reader():
            waiting.set()
            backend.get_result(message, block=True, timeout=10000)
            woke.append(time.perf_counter())

        thread = threading.Thread(target=reader)
        thread.start()
        waiting.wait()
        time.sleep(0.02)  # let the reader send its BRPOPLPUSH
        stored = time.perf_counter()
        backend.store_result(message, i, 60000)
        thread.join()
        micros.append((woke[0] - stored) * 1e6)
    micros.sort()
    return micros


drain(noop, 2000)
drain(noop_stored, 2000)
percents = []
for p in range(PAIRS):
    without = drain(noop, N)
    with_results = drain(noop_stored, N)
    percents.append(100 * with_results / without)
    print("pair %d  without results %8.0f msg/s   with store_results %8.0f msg/s  = %5.1f%%"
          % (p + 1, without, with_results, percents[-1]), flush=True)
print("median: %5.1f%% of the drain without" % statistics.median(percents))
micros = wake_ups()
print("blocked get_result wakes after the result is stored: p50 %.2f ms  p99 %.2f ms  max %.2f ms"
      % (micros[len(micros) // 2] / 1000, micros[int(len(micros) * 0.99) - 1] / 1000, micros[-1] / 1000))
for key in client.scan_iter(NAMESPACE + "*"):
    client.delete(key)
broker.close()
