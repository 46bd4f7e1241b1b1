"""Fan 1,000 calls out to a pool of wasm plugin instances from asyncio, each with a timeout.

Most calls are quick additions; every tenth sleeps in the guest for longer than its timeout
allows. asyncio.wait_for cancels those, and the cancel reaches the guest (which is woken from
its sleep), so the pool goes on serving the rest. Prints what happened and checks the counts.

    PYTHONPATH=bindings/python python3 examples/python-asyncio/fanout.py
"""
import asyncio
import os
import sys
import time

import wasi_reactor as wr

PLUGIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings",
                      "guest", "plugin.wasm")


async def one(pool, i):
    try:
        if i % 10 == 9:
            await asyncio.wait_for(pool.call("sleep_ms", 5000), timeout=0.05)
            return "done"
        value = await asyncio.wait_for(pool.call("add", i, 1), timeout=2)
        return "done" if value == i + 1 else "wrong"
    except asyncio.TimeoutError:
        return "timed out"
    except wr.WasiReactorError as e:
        return e.status


async def main():
    async with wr.Reactor(PLUGIN, workers=4) as pool:
        t0 = time.perf_counter()
        outcomes = await asyncio.gather(*[one(pool, i) for i in range(1000)])
        secs = time.perf_counter() - t0
    counts = {k: outcomes.count(k) for k in sorted(set(outcomes))}
    print(f"1,000 calls on a pool of 4 in {secs:.2f} s: {counts}")
    ok = counts == {"done": 900, "timed out": 100}
    print("check passed" if ok else "check FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
