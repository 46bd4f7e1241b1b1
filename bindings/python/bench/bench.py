"""Round trip and pipelined calls/s from Python: asyncio calls, synchronous reactor calls and
direct Instance calls of the plugin's add. Run: PYTHONPATH=bindings/python python3
bindings/python/bench/bench.py"""
import asyncio
import os
import statistics
import time

import wasi_reactor as wr

PLUGIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "guest",
                      "plugin.wasm")
ROUNDS, BATCH, BATCHES = 20000, 10000, 10


def report(label, times, rate):
    times.sort()
    p50 = times[len(times) // 2] * 1e6
    p99 = times[int(len(times) * 0.99)] * 1e6
    print(f"{label:34} round trip p50 {p50:.1f} us, p99 {p99:.1f} us; "
          f"pipelined {rate:,.0f} calls/s")


async def bench_async(r):
    for i in range(2000):
        await r.call("add", i, 1)
    times = []
    for i in range(ROUNDS):
        t0 = time.perf_counter()
        await r.call("add", i, 1)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(BATCHES):
        await asyncio.gather(*[r.call("add", i, 1) for i in range(BATCH)])
    report("asyncio await r.call", times, BATCH * BATCHES / (time.perf_counter() - t0))


def bench_sync(label, call):
    for i in range(2000):
        call(i)
    times = []
    for i in range(ROUNDS):
        t0 = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - t0)
    print(f"{label:34} p50 {statistics.median(times) * 1e6:.1f} us, "
          f"{ROUNDS / sum(times):,.0f} calls/s")


async def main():
    async with wr.Reactor(PLUGIN) as r:
        await bench_async(r)
        bench_sync("r.call_sync (reactor, blocking)", lambda i: r.call_sync("add", i, 1))
    inst = wr.Instance(PLUGIN)
    bench_sync("Instance.call (this thread)", lambda i: inst.call("add", i, 1))


asyncio.run(main())
