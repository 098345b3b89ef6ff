"""Python Dramatiq's own figures on this machine, to put beside the Java ones.

Enqueue: 20,000 messages of a one-argument no-op actor sent with ``send`` from one
thread, after 500 for warm-up (RabbitMQ: without and with publisher confirms). Drain:
the messages are queued first, then ``processes`` worker processes of 8 threads each
(``dramatiq.Worker``, Python's default middleware) run them; timed from the processes'
start to the last run. Queues are named ``pybench_<random>`` (Redis: namespace
``dramatiq-pybench-<random>``) and deleted at the end.

I/O actors (``io`` instead of the process count): one process of 8 worker threads drains
``messages`` messages of an actor that makes one Redis round trip (``INCR`` on a client
of its own, on port ``IO_REDIS_PORT``, 6379 by default), then ``messages`` / 4 of an actor
that sleeps 5 ms; 3 runs each, min / median / max. ``REDIS_PORT`` (6379) is the Redis
broker's port.

Needs a Dramatiq 2.2 checkout on PYTHONPATH and Debian's python3-pika and python3-redis:

    PYTHONPATH=<dramatiq checkout> python3 benchmarks/python/bench_dramatiq.py rabbitmq|redis [messages] [processes|io]
"""
import threading
import multiprocessing as mp
import os
import sys
import time
import uuid

import dramatiq

KIND = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
IO = len(sys.argv) > 3 and sys.argv[3] == "io"
PROCESSES = int(sys.argv[3]) if len(sys.argv) > 3 and not IO else 1
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6379"))
IO_REDIS_PORT = int(os.environ.get("IO_REDIS_PORT", "6379"))
QUEUE = "pybench_" + uuid.uuid4().hex[:8]
NAMESPACE = "dramatiq-pybench-" + uuid.uuid4().hex[:8]

# runs of the no-op actor, shared by the worker processes
counter = None


def make_broker(confirm=False):
    if KIND == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker
        return RabbitmqBroker(url="amqp://guest:guest@127.0.0.1:5672", confirm_delivery=confirm)
    from dramatiq.brokers.redis import RedisBroker
    return RedisBroker(host="127.0.0.1", port=REDIS_PORT, namespace=NAMESPACE)


def declare(broker):
    @dramatiq.actor(queue_name=QUEUE, broker=broker, max_retries=0)
    def noop(i):
        with counter.get_lock():
            counter.value += 1
    return noop


def enqueue(confirm):
    broker = make_broker(confirm)
    dramatiq.set_broker(broker)
    noop = declare(broker)
    for i in range(500):
        noop.send(i)
    broker.flush(QUEUE)
    start = time.perf_counter()
    for i in range(N):
        noop.send(i)
    elapsed = time.perf_counter() - start
    broker.flush(QUEUE)
    broker.close()
    return N / elapsed


def run_worker(started, stop):
    broker = make_broker()
    dramatiq.set_broker(broker)
    declare(broker)
    worker = dramatiq.Worker(broker, worker_threads=8)
    worker.start()
    started.release()
    stop.wait()
    worker.stop()
    broker.close()


def clean_up(broker):
    broker.flush_all()
    if KIND == "rabbitmq":
        for queue in (QUEUE, QUEUE + ".DQ", QUEUE + ".XQ"):
            broker.channel.queue_delete(queue)
    else:
        keys = broker.client.keys(NAMESPACE + "*")
        if keys:
            broker.client.delete(*keys)


def drain():
    broker = make_broker(True)
    dramatiq.set_broker(broker)
    noop = declare(broker)
    for i in range(N):
        noop.send(i)
    counter.value = 0
    started = mp.Semaphore(0)
    stop = mp.Event()
    processes = [mp.Process(target=run_worker, args=(started, stop)) for _ in range(PROCESSES)]
    start = time.perf_counter()
    for process in processes:
        process.start()
    while counter.value < N:
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    stop.set()
    for process in processes:
        process.join()
    clean_up(broker)
    broker.close()
    return N / elapsed


class Runs:
    """Counts the runs of the I/O actors of this process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.value = 0

    def add(self):
        with self.lock:
            self.value += 1


def io_broker(runs, client, key):
    """A fresh broker with the two I/O actors, so that no run inherits a worker's middleware."""
    broker = make_broker(False)
    dramatiq.set_broker(broker)

    @dramatiq.actor(queue_name=QUEUE, broker=broker, max_retries=0)
    def io_incr(i):
        client.incr(key)
        runs.add()

    @dramatiq.actor(queue_name=QUEUE, broker=broker, max_retries=0)
    def io_sleep(i):
        time.sleep(0.005)
        runs.add()

    return broker, {"io_incr": io_incr, "io_sleep": io_sleep}


def io_drains():
    import redis
    runs = Runs()
    client = redis.Redis(host="127.0.0.1", port=IO_REDIS_PORT)
    key = "dramatiq-pybench-io-" + uuid.uuid4().hex[:8]
    for name, count in (("io_incr", N), ("io_sleep", N // 4)):
        rates = []
        for run in range(3):
            load = os.getloadavg()[0]
            broker, actors = io_broker(runs, client, key)
            for i in range(count):
                actors[name].send(i)
            runs.value = 0
            worker = dramatiq.Worker(broker, worker_threads=8)
            start = time.perf_counter()
            worker.start()
            while runs.value < count:
                time.sleep(0.001)
            rates.append(count / (time.perf_counter() - start))
            worker.stop()
            clean_up(broker)
            broker.close()
            print(f"  {name:9} 8 threads  run {run + 1}  {rates[-1]:8,.0f} msg/s  (load {load:.2f})")
        rates.sort()
        print(f"{name}, 1 process x 8 threads ({count:,} messages)  {rates[1]:9,.0f} msg/s"
              f"   (min {rates[0]:,.0f} / max {rates[-1]:,.0f})")
    client.delete(key)


if __name__ == "__main__":
    mp.set_start_method("fork")
    counter = mp.Value("q", 0)
    if IO:
        print(f"Python Dramatiq {dramatiq.__version__}, {KIND}, I/O actors, load average {os.getloadavg()[0]:.2f}")
        io_drains()
        sys.exit(0)
    print(f"Python Dramatiq {dramatiq.__version__}, {KIND}, {N:,} messages, load average {os.getloadavg()[0]:.2f}")
    if KIND == "rabbitmq":
        print(f"enqueue, 1 thread, no confirms      {enqueue(False):9,.0f} msg/s")
        print(f"enqueue, 1 thread, confirms         {enqueue(True):9,.0f} msg/s")
    else:
        print(f"enqueue, 1 thread                   {enqueue(False):9,.0f} msg/s")
    print(f"drain, {PROCESSES} process(es) x 8 threads  {drain():9,.0f} msg/s")
