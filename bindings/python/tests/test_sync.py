"""Synchronous use: Module, Instance, call_sync, commands."""
import array
import asyncio
import os
import time

import pytest

import wasi_reactor as wr

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "guest", "plugin.wasm")
GUEST = os.path.join(HERE, "..", "..", "..", "tests", "reactor", "guest")


def test_module_and_instance():
    m = wr.Module(PLUGIN)
    assert m.exports["add"] == (("i32", "i32"), ("i32",))
    inst = wr.Instance(m, env={"A": "1"})
    assert inst.call("add", 2, 3) == 5
    assert inst.call("add64", 2**40, 1) == 2**40 + 1
    assert inst.call("addd", 0.5, 0.25) == 0.75
    with pytest.raises(wr.WasiReactorError) as e:
        inst.call("crash")
    assert e.value.status == "trap"
    with pytest.raises(wr.WasiReactorError) as e:
        inst.call("add", 1)
    assert e.value.status == "arg"
    assert len(inst.memory()) >= 65536
    inst.close()
    with open(PLUGIN, "rb") as f:
        assert wr.Instance(f.read()).call("add", 1, 1) == 2


def test_reactor_call_sync():
    with wr.Reactor(PLUGIN, workers=2) as r:
        assert r.call_sync("add", 1, 2) == 3
        assert r.call_tagged_sync("echo", 1, wr.U32(2), "ab", [1], array.array("I", [2]))[2] == "AB"
        with pytest.raises(wr.WasiReactorError) as e:
            r.call_sync("spin", timeout=0.05)
        assert e.value.status == "deadline"


def test_uncaught_exception():
    guest = os.path.join(HERE, "..", "..", "..", "tests", "wasm3", "guests", "reactor_exceptions.wasm")
    with wr.Reactor(guest) as r:
        assert r.call_sync("work", 1) == 1
        with pytest.raises(wr.WasiReactorError) as e:
            r.call_sync("work", -3)
        assert e.value.status == "exception" and "uncaught exception" in str(e.value)


def test_command_with_stdin():
    out = []
    code = wr.run_command(os.path.join(GUEST, "cat.wasm"), stdin=b"hello, command\n",
                          stdout=out.append)
    assert code == 15
    assert b"".join(out) == b"hello, command\n"
    assert wr.run_command(os.path.join(GUEST, "cat.wasm")) == 0


def test_command_killed():
    t0 = time.perf_counter()
    with pytest.raises(wr.WasiReactorError) as e:
        wr.run_command(os.path.join(GUEST, "spin_cmd.wasm"), timeout=0.05)
    assert e.value.status == "cancelled"
    assert time.perf_counter() - t0 < 1

    async def main():
        out = []
        assert await wr.run_command_async(os.path.join(GUEST, "cat.wasm"), stdin="abc",
                                          stdout=out.append) == 3
        assert b"".join(out) == b"abc"
        task = asyncio.ensure_future(wr.run_command_async(os.path.join(GUEST, "spin_cmd.wasm")))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    asyncio.run(main())
