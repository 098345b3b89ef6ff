"""Python Dramatiq's own figures on this machine, to put beside the Java ones.

Enqueue: 20,000 messages of a one-argument no-op actor sent with ``send`` from one
thread, after 500 for warm-up (RabbitMQ: without and with publisher confirms). Drain:
the messages are queued first, then ``processes`` worker processes of 8 threads each
(``dramatiq.Worker``, Python's default middleware) run them; timed from the processes'
start to the last run. Queues are named ``pybench_<random>`` (Redis: namespace
``dramatiq-pybench-<random>``) and deleted at the end.

Needs a Dramatiq 2.2 checkout on PYTHONPATH and Debian's python3-pika and python3-redis:

    PYTHONPATH=<dramatiq checkout> python3 benchmarks/python/bench_dramatiq.py rabbitmq|redis [messages] [processes]
"""
import multiprocessing as mp
import os
import sys
import time
import uuid

import dramatiq

KIND = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
PROCESSES = int(sys.argv[3]) if len(sys.argv) > 3 else 1
QUEUE = "pybench_" + uuid.uuid4().hex[:8]
NAMESPACE = "dramatiq-pybench-" + uuid.uuid4().hex[:8]

# runs of the no-op actor, shared by the worker processes
counter = None


def make_broker(confirm=False):
    if KIND == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker
        return RabbitmqBroker(url="amqp://guest:guest@127.0.0.1:5672", confirm_delivery=confirm)
    from dramatiq.brokers.redis import RedisBroker
    return RedisBroker(host="127.0.0.1", port=6379, namespace=NAMESPACE)


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


if __name__ == "__main__":
    mp.set_start_method("fork")
    counter = mp.Value("q", 0)
    print(f"Python Dramatiq {dramatiq.__version__}, {KIND}, {N:,} messages, load average {os.getloadavg()[0]:.2f}")
    if KIND == "rabbitmq":
        print(f"enqueue, 1 thread, no confirms      {enqueue(False):9,.0f} msg/s")
        print(f"enqueue, 1 thread, confirms         {enqueue(True):9,.0f} msg/s")
    else:
        print(f"enqueue, 1 thread                   {enqueue(False):9,.0f} msg/s")
    print(f"drain, {PROCESSES} process(es) x 8 threads  {drain():9,.0f} msg/s")
