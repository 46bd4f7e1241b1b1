"""wasi_reactor: WebAssembly from Python on libwr.

- Reactor: a module's instances on worker threads; ``await r.call("add", 1, 2)`` from asyncio
  (task.cancel() and asyncio.wait_for cancel the call inside the guest), or ``r.call_sync``.
- Module, Instance: plain synchronous use on the calling thread.
- run_command / run_command_async: a WASI command (its _start), with stdin given as bytes.

Failures raise WasiReactorError, whose ``status`` says what happened ("trap", "exit",
"exception" (an uncaught wasm exception), "cancelled", "deadline", "guest_error", "codec",
"closed", "busy", ... for calls; "malformed",
"invalid", "link", "io", "arg", ... for loading)."""
import array
import asyncio
import collections
import ctypes
import threading
import time
import weakref
from ctypes import POINTER, byref, c_size_t, c_uint8, c_void_p

from . import _libwr as L

__all__ = ["Module", "Instance", "Reactor", "WasiReactorError", "U32", "run_command",
           "run_command_async"]


class WasiReactorError(Exception):
    """A failed load, call or command. Attributes: status (see the module's doc), trap (a
    trap's reason), exit_code (for "exit"), code (a tagged export's or hook's error code),
    frames (the wasm backtrace, innermost first: dicts with index, name, offset)."""

    def __init__(self, message, status, code=0, trap=None, exit_code=None, frames=()):
        super().__init__(message)
        self.status = status
        self.code = code
        self.trap = trap
        self.exit_code = exit_code
        self.frames = list(frames)


class U32(int):
    """Marks an int as a u32 in a tagged call (a plain int is an i32 when it fits)."""


def _frames(err):
    n = c_size_t()
    fr = L.wr_error_frames(err, byref(n)) if err else None
    return [{"index": fr[i].func_index,
             "name": fr[i].func_name.decode() if fr[i].func_name else None,
             "offset": fr[i].code_offset} for i in range(n.value)]


def _error_details(err):
    kind = L.wr_error_kind_of(err)
    return {"trap": L.wr_error_reason(err).decode() if kind == L.ERR_TRAP else None,
            "exit_code": L.wr_error_exit_code(err) if kind == L.ERR_EXIT else None,
            "frames": _frames(err)}


def _raise(err):
    """Raise (and free) a wr_error; does nothing for NULL."""
    if not err:
        return
    try:
        kind = L.wr_error_kind_of(err)
        exc = WasiReactorError(L.wr_error_message(err).decode(), L.ERROR_KINDS.get(kind, "error"),
                               **_error_details(err))
    finally:
        L.wr_error_free(err)
    raise exc


def _future_error(f):
    status = L.wr_future_status(f)
    msg = L.wr_future_message(f)
    err = L.wr_future_error(f)
    return WasiReactorError(msg.decode() if msg else L.STATUS_NAMES.get(status, "failed"),
                            L.STATUS_NAMES.get(status, "unknown"), L.wr_future_code(f),
                            **(_error_details(err) if err else {}))


# ---------------------------------------------------------------- values

def _to_val(x, t):
    v = L.Val()
    if t == L.I32:
        v.type, v.of.i32 = t, ((int(x) + 2**31) % 2**32) - 2**31
    elif t == L.I64:
        v.type, v.of.i64 = t, ((int(x) + 2**63) % 2**64) - 2**63
    elif t == L.F32:
        v = L.wr_val_f32(float(x))
    elif t == L.F64:
        v = L.wr_val_f64(float(x))
    else:
        raise TypeError(f"{L.TYPE_NAMES.get(t, t)} arguments cannot be passed from Python")
    return v


def _from_val(v):
    if v.type == L.I32:
        return v.of.i32
    if v.type == L.I64:
        return v.of.i64
    if v.type == L.F32:
        return L.wr_val_as_f32(v)
    if v.type == L.F64:
        return L.wr_val_as_f64(v)
    if v.type == L.V128:
        return bytes(v.of.v128)
    return None


def _results(vals, n):
    out = [_from_val(vals[i]) for i in range(n)]
    return None if n == 0 else out[0] if n == 1 else tuple(out)


def _tagged_arg(x, keep):
    """One tagged value; buffers go into keep so they live until the call has copied them."""
    t = L.Tagged()
    if isinstance(x, str):
        raw = x.encode("utf-8")
        keep.append(raw)
        t.tag, t.of.span.data, t.of.span.count = L.TAG_STRING, ctypes.cast(raw, c_void_p), len(raw)
    elif isinstance(x, U32) or (isinstance(x, int) and not isinstance(x, bool)
                                and 2**31 <= x < 2**32):
        t.tag, t.of.u32 = L.TAG_U32, int(x)
    elif isinstance(x, int):
        if not -2**31 <= x < 2**31:
            raise ValueError(f"{x} fits neither an i32 nor a u32")
        t.tag, t.of.i32 = L.TAG_I32, x
    elif isinstance(x, (list, tuple, array.array)):
        unsigned = any(v >= 2**31 for v in x) if not isinstance(x, array.array) else \
            x.typecode in "IL"
        if isinstance(x, array.array) and x.itemsize != 4:
            raise TypeError("a tagged array is array('i') or array('I') (4-byte items)")
        arr = array.array("I" if unsigned else "i", x)
        keep.append(arr)
        addr, count = arr.buffer_info()
        t.tag = L.TAG_U32_ARRAY if unsigned else L.TAG_I32_ARRAY
        t.of.span.data, t.of.span.count = addr, count
    else:
        raise TypeError("a tagged value is a str, an int, a list of ints or an array('i'/'I')")
    return t


def _tagged_results(f):
    n = c_size_t()
    ts = L.wr_future_tagged(f, byref(n))
    out = []
    for i in range(n.value):
        t = ts[i]
        if t.tag == L.TAG_I32:
            out.append(t.of.i32)
        elif t.tag == L.TAG_U32:
            out.append(t.of.u32)
        elif t.tag == L.TAG_STRING:
            out.append(ctypes.string_at(t.of.span.data, t.of.span.count).decode("utf-8"))
        else:
            typecode = "i" if t.tag == L.TAG_I32_ARRAY else "I"
            arr = array.array(typecode)
            arr.frombytes(ctypes.string_at(t.of.span.data, 4 * t.of.span.count))
            out.append(arr)
    return out


# ---------------------------------------------------------------- engine, modules, WASI

class _Engine:
    def __init__(self):
        self.ptr = L.wr_engine_new(None)
        if not self.ptr:
            raise MemoryError("wr_engine_new")

    def __del__(self):
        if getattr(self, "ptr", None):
            L.wr_engine_free(self.ptr)
            self.ptr = None


class Module:
    """A decoded, validated module from a path or bytes. ``exports`` maps each exported
    function's name to its (params, results) type names."""

    def __init__(self, source):
        self._engine = _Engine()
        out = c_void_p()
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            _raise(L.wr_module_new(self._engine.ptr, data, len(data), byref(out)))
        else:
            _raise(L.wr_module_load(self._engine.ptr, str(source).encode(), byref(out)))
        self.ptr = out.value
        self.exports = {}
        self._params = {}  # name -> parameter type codes
        for i in range(L.wr_module_export_count(self.ptr)):
            name, et = L.Name(), L.ExternType()
            L.wr_module_export(self.ptr, i, byref(name), byref(et))
            if et.kind == L.EXTERN_FUNC:
                ft = et.of.func
                raw = ctypes.string_at(name.data, name.len)
                self._params[raw.decode()] = tuple(ft.params[j] for j in range(ft.nparams))
                self.exports[raw.decode()] = (
                    tuple(L.TYPE_NAMES.get(ft.params[j], "?") for j in range(ft.nparams)),
                    tuple(L.TYPE_NAMES.get(ft.results[j], "?") for j in range(ft.nresults)))

    def __del__(self):
        if getattr(self, "ptr", None):
            L.wr_module_free(self.ptr)
            self.ptr = None


def _nanoseconds(t):
    if t is None:
        return time.time_ns()
    if hasattr(t, "timestamp"):
        return int(t.timestamp() * 1e9)
    return int(t)


class _Wasi:
    """A WASI config and what its callbacks need kept alive."""

    def __init__(self, args=(), env=None, preopens=None, fs=None, stdout=None, stderr=None,
                 stdin=None):
        self.ptr = L.wr_wasi_config_new()
        self.keep = []
        if not self.ptr:
            raise MemoryError("wr_wasi_config_new")
        ok = all(L.wr_wasi_config_arg(self.ptr, str(a).encode()) for a in args)
        ok = ok and all(L.wr_wasi_config_env(self.ptr, str(k).encode(), str(v).encode())
                        for k, v in (env or {}).items())
        for guest, host in (preopens or {}).items():
            ok = ok and L.wr_wasi_config_preopen(self.ptr, f"{host}::{guest}".encode(), False)
        if not ok:
            raise WasiReactorError("bad argument, environment variable or preopen", "arg")
        if fs:
            self._memfs(fs)
        for fd, sink in ((1, stdout), (2, stderr)):
            if sink is not None:
                write = sink if callable(sink) else sink.write
                cb = L.WriteFn(lambda user, buf, n, write=write:
                               write(ctypes.string_at(buf, n)) is not False)
                self.keep.append(cb)
                L.wr_wasi_config_output_callback(self.ptr, fd, cb, None)
        if stdin is not None:
            self._stdin(stdin.encode() if isinstance(stdin, str) else bytes(stdin))

    def _memfs(self, files):
        """The in-memory file system shape: {"/abs/path": {"content": str | bytes, "mode":
        "string" | "binary", "timestamps": {"access", "change", "modification"}}}."""
        fs = L.wr_memfs_new()
        try:
            for key, f in files.items():
                where = f.get("path", key).encode()
                content = f.get("content", b"")
                data = content.encode() if isinstance(content, str) else bytes(content)
                ts = f.get("timestamps", {})
                mtime = _nanoseconds(ts.get("modification"))
                _raise(L.wr_memfs_write_file(fs, where, data, len(data), mtime))
                _raise(L.wr_memfs_set_times(fs, where, _nanoseconds(ts.get("access")), mtime))
            if not L.wr_wasi_config_preopen_memfs(self.ptr, fs, b"/", b"/", False):
                raise MemoryError("wr_wasi_config_preopen_memfs")
        finally:
            L.wr_memfs_free(fs)

    def _stdin(self, data):
        """One stdin stream shared by every instance made from the config."""
        lock, pos = threading.Lock(), [0]

        def read(user, buf, n):
            with lock:
                chunk = data[pos[0]:pos[0] + n]
                pos[0] += len(chunk)
            ctypes.memmove(buf, chunk, len(chunk))
            return len(chunk)
        cb = L.ReadFn(read)
        self.keep.append(cb)
        L.wr_wasi_config_stdin_callback(self.ptr, cb, None)

    def __del__(self):
        if getattr(self, "ptr", None):
            L.wr_wasi_config_free(self.ptr)
            self.ptr = None


# ---------------------------------------------------------------- synchronous instances

class Instance:
    """A module instantiated on the calling thread, with WASI (args, env, preopens, fs,
    stdout, stderr, stdin as for Reactor). Runs _initialize when the module exports it.
    ``call`` runs an export to completion on this thread."""

    def __init__(self, module, **wasi):
        self.module = module if isinstance(module, Module) else Module(module)
        self._wasi_cfg = _Wasi(**wasi)
        eng = self.module._engine.ptr
        self._store = L.wr_store_new(eng)
        self._linker = L.wr_linker_new(eng)
        self._wasi = c_void_p()
        if not self._store or not self._linker:
            raise MemoryError("wr_store_new")
        _raise(L.wr_wasi_new(self._store, self._wasi_cfg.ptr, byref(self._wasi)))
        _raise(L.wr_wasi_define(self._linker, self._wasi))
        inst = c_void_p()
        _raise(L.wr_linker_instantiate(self._linker, self._store, self.module.ptr, byref(inst)))
        self._inst = inst.value
        if "_initialize" in self.module.exports:
            self.call("_initialize")

    def call(self, name, *args):
        fn = L.wr_instance_func(self._inst, name.encode())
        if not fn:
            raise WasiReactorError(f"no exported function named {name!r}", "arg")
        ft = L.wr_func_type(fn).contents
        if len(args) != ft.nparams:
            raise WasiReactorError(f"{name} takes {ft.nparams} arguments, not {len(args)}", "arg")
        vals = (L.Val * max(1, ft.nparams))(*[_to_val(a, ft.params[i]) for i, a in enumerate(args)])
        res = (L.Val * max(1, ft.nresults))()
        _raise(L.wr_func_call(self._store, fn, vals, ft.nparams, res, ft.nresults))
        return _results(res, ft.nresults)

    def memory(self):
        """A copy of guest memory 0 (bytes), or b"" without one."""
        mem = L.wr_instance_memory(self._inst)
        return ctypes.string_at(L.wr_memory_data(mem), L.wr_memory_size(mem)) if mem else b""

    def close(self):
        if self._store:
            L.wr_store_free(self._store)
            L.wr_linker_free(self._linker)
            L.wr_wasi_free(self._wasi)
            self._store = None

    def __del__(self):
        if getattr(self, "_store", None):
            self.close()


# ---------------------------------------------------------------- reactors

def _outcome(f, tagged):
    """The result of a finished future, or the WasiReactorError to raise."""
    if L.wr_future_status(f) != L.CALL_OK:
        return None, _future_error(f)
    if tagged:
        return _tagged_results(f), None
    n = c_size_t()
    return _results(L.wr_future_results(f, byref(n)), n.value), None


class Reactor:
    """A module's instances on ``workers`` threads. Use ``async with Reactor(...) as r`` (the
    instances are made off the event loop) or ``with Reactor(...) as r``.

    Options: workers, args, env ({name: value}), preopens ({guest: host}), fs (the in-memory
    shape), stdout/stderr (callables or objects with write(bytes), called on worker threads),
    stdin (bytes or str, one stream the workers share), deadline_ms (a default per call),
    fresh_after_failure, codec ("fixed", "malloc", "cabi_realloc"), codec_capacity,
    queue_capacity (calls that may wait for a worker; one more fails at once as "busy")."""

    def __init__(self, source, workers=1, args=(), env=None, preopens=None, fs=None,
                 stdout=None, stderr=None, stdin=None, deadline_ms=None,
                 fresh_after_failure=False, codec="fixed", codec_capacity=None,
                 queue_capacity=0):
        self.module = source if isinstance(source, Module) else Module(source)
        self._wasi = _Wasi(args, env, preopens, fs, stdout, stderr, stdin)
        cfg = L.ReactorConfig()
        L.wr_reactor_config_default(byref(cfg))
        cfg.workers = workers
        cfg.default_deadline_ns = int(deadline_ms * 1e6) if deadline_ms else 0
        cfg.fresh_after_failure = fresh_after_failure
        cfg.wasi = self._wasi.ptr
        cfg.codec_area = L.CODEC_AREAS[codec]
        if codec_capacity:
            cfg.codec_capacity = codec_capacity
        cfg.queue_capacity = queue_capacity
        self._cfg = cfg
        self._ptr = None
        self._awaited = _Awaited()

    # -- starting and stopping

    def open(self):
        """Make the instances and run _initialize (blocks; see __aenter__ for asyncio)."""
        if self._ptr is None:
            out = c_void_p()
            _raise(L.wr_reactor_new(self.module.ptr, byref(self._cfg), byref(out)))
            self._ptr = out.value
            # Closed when collected, or at interpreter exit while threads can still run
            # Python (a completion callback needs the interpreter). The WASI config (with its
            # callbacks), the module (with its engine) and the awaited calls (with the
            # completion callback) must outlive the reactor.
            self._finalizer = weakref.finalize(self, Reactor._stop, self._ptr, self._wasi,
                                               self.module, self._awaited)
            self._fns = {}  # name -> the export's handle, resolved once (owned by the reactor)
            for name in self.module._params:
                fn = c_void_p()
                _raise(L.wr_reactor_export(self._ptr, name.encode(), byref(fn)))
                self._fns[name] = fn.value
        return self

    @property
    def workers(self):
        return L.wr_reactor_workers(self._ptr)

    def close(self):
        """Stop running calls (they fail "closed"), join the workers and free everything."""
        if self._ptr:
            self._ptr = None
            self._finalizer()

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc):
        self.close()

    async def __aenter__(self):
        await asyncio.get_running_loop().run_in_executor(None, self.open)
        return self

    async def __aexit__(self, *exc):
        if self._ptr:
            self._ptr = None
            await asyncio.get_running_loop().run_in_executor(None, self._finalizer)
            await asyncio.sleep(0)  # let the stopped calls' completions settle

    @staticmethod
    def _stop(ptr, *outliving):  # libwr reactor API
        L.wr_reactor_close(ptr, True)
        L.wr_reactor_free(ptr)

    # -- submitting

    def _options(self, timeout):
        if timeout is None:
            return None
        opts = L.CallOptions()
        L.wr_call_options_default(byref(opts))
        opts.deadline_ns = int(timeout * 1e9) if timeout > 0 else -1
        return byref(opts)

    def _submit(self, name, args, timeout):  # libwr reactor API
        if not self._ptr:
            raise WasiReactorError("the reactor is not open (use async with / with / open())",
                                   "closed")
        fn = self._fns.get(name)
        if fn is None:
            raise WasiReactorError(f"no exported function named {name!r}", "arg")
        params = self.module._params[name]
        n = len(args)
        vals = (L.Val * (n or 1))()
        for i in range(n):
            t = params[i] if i < len(params) else L.I32
            x = args[i]
            if t == L.I32 and type(x) is int and -2**31 <= x < 2**31:
                vals[i].type = t  # the common case, without a temporary Val
                vals[i].of.i32 = x
            else:
                vals[i] = _to_val(x, t)
        f = c_void_p()
        _raise(L.wr_reactor_invoke(self._ptr, fn, vals, n, self._options(timeout), byref(f)))
        return f.value

    def _submit_tagged(self, name, values, timeout):  # libwr reactor API
        if not self._ptr:
            raise WasiReactorError("the reactor is not open", "closed")
        fn = self._fns.get(name)
        if fn is None:
            raise WasiReactorError(f"no exported function named {name!r}", "arg")
        keep = []
        tv = (L.Tagged * max(1, len(values)))(*[_tagged_arg(v, keep) for v in values])
        f = c_void_p()
        _raise(L.wr_reactor_invoke_tagged(self._ptr, fn, tv, len(values),
                                          self._options(timeout), byref(f)))
        return f.value

    def _wait(self, f, tagged):
        try:
            L.wr_future_wait(f, -1)  # ctypes releases the GIL meanwhile
            value, err = _outcome(f, tagged)
        finally:
            L.wr_future_free(f)
        if err:
            raise err
        return value

    def call_sync(self, name, *args, timeout=None):
        """Call an export and wait for it on this thread. timeout: seconds (a deadline)."""
        return self._wait(self._submit(name, args, timeout), False)

    def call_tagged_sync(self, name, *values, timeout=None):
        return self._wait(self._submit_tagged(name, values, timeout), True)

    # -- asyncio

    def call(self, name, *args, timeout=None):
        """Call an export; returns an awaitable. Cancelling it (task.cancel(),
        asyncio.wait_for) cancels the call inside the guest. timeout: seconds, enforced by
        libwr as the call's deadline (raises WasiReactorError with status "deadline")."""
        return self._awaited.track(self, self._submit(name, args, timeout), False)

    def call_tagged(self, name, *values, timeout=None):
        """A tagged-codec call: values are str, int (i32, or u32 for U32 / 2**31 and up),
        lists of ints or array('i'/'I'). Returns the list of results (str, int, array)."""
        return self._awaited.track(self, self._submit_tagged(name, values, timeout), True)


class _Awaited:
    """A reactor's calls awaited on an event loop: key -> (loop, future, wr future, tagged) in
    _pending. libwr's completion callback runs on a worker: it only appends the key to _done
    and, for the first key since the last drain, schedules _drain on the loop. (Waiting through
    per-call fds, wr_future_fd, would spend a file descriptor per call in flight, so fan-outs
    would be bounded by the process's fd limit.) Kept apart from Reactor so that the reactor's
    finalizer can keep it, and so the callback, alive until the workers are joined. While calls
    are pending it holds the reactor, which is then not collected (and closed) under them."""

    def __init__(self):
        self._pending = {}
        self._done = collections.deque()
        self._drain_scheduled = False
        self._next_key = 0
        self._on_complete = L.FutureFn(self._completed)
        self._owner = None  # the Reactor while calls are pending

    def _completed(self, f, key):
        loop = self._pending[key][0]  # before the append: a drain may pop the key after it
        self._done.append(key)
        if not self._drain_scheduled:
            self._drain_scheduled = True
            try:
                loop.call_soon_threadsafe(self._drain)
            except RuntimeError:  # the loop is closed: nobody waits any more
                pass

    def _drain(self):
        self._drain_scheduled = False  # before popping: a later append schedules again
        while self._done:
            key = self._done.popleft()
            loop, fut, f, tagged = self._pending.pop(key)
            try:
                if not fut.done():
                    value, err = _outcome(f, tagged)
                    if err:
                        fut.set_exception(err)
                    else:
                        fut.set_result(value)
            finally:
                L.wr_future_free(f)
        if not self._pending:
            self._owner = None

    def _cancelled(self, key, fut):
        entry = self._pending.get(key)
        if entry is not None and fut.cancelled():
            L.wr_future_cancel(entry[2])

    def track(self, owner, f, tagged):
        loop = asyncio.get_running_loop()
        if self._pending and next(iter(self._pending.values()))[0] is not loop:
            L.wr_future_cancel(f)
            L.wr_future_free(f)
            raise RuntimeError("a Reactor serves one event loop at a time")
        fut = loop.create_future()
        self._next_key += 1
        key = self._next_key
        self._pending[key] = (loop, fut, f, tagged)
        self._owner = owner
        fut.add_done_callback(lambda fut, key=key: self._cancelled(key, fut))
        L.wr_future_on_complete(f, self._on_complete, key)
        return fut


# ---------------------------------------------------------------- commands

def _start_command(source, stdin, wasi):
    module = source if isinstance(source, Module) else Module(source)
    cfg_wasi = _Wasi(**wasi)
    cc = L.CommandConfig(wasi=cfg_wasi.ptr, stdin_pipe=True, deadline_ns=0)
    cmd = c_void_p()
    _raise(L.wr_command_start(module.ptr, byref(cc), byref(cmd)))
    if stdin is not None:
        data = stdin.encode() if isinstance(stdin, str) else bytes(stdin)
        L.wr_command_stdin_write(cmd, data, len(data))
    L.wr_command_stdin_close(cmd)
    return cmd.value, (module, cfg_wasi)


def _command_result(cmd):
    f = L.wr_command_future(cmd)
    try:
        if L.wr_future_status(f) != L.CALL_OK:
            raise _future_error(f)
        n = c_size_t()
        return L.wr_future_results(f, byref(n))[0].of.i32
    finally:
        L.wr_command_free(cmd)


def run_command(source, stdin=None, timeout=None, **wasi):
    """Run a WASI command to its end on its own thread; returns its exit code. stdin: bytes
    or str; timeout: seconds, after which it is killed (WasiReactorError "cancelled").
    Other options as for Reactor (args, env, preopens, fs, stdout, stderr)."""
    cmd, keep = _start_command(source, stdin, wasi)
    f = L.wr_command_future(cmd)
    if not L.wr_future_wait(f, -1 if timeout is None else int(timeout * 1e9)):
        L.wr_future_cancel(f)
        L.wr_future_wait(f, -1)
    result = _command_result(cmd)
    del keep  # the WASI config and its callbacks, unused once the command is freed
    return result


async def run_command_async(source, stdin=None, **wasi):
    """run_command for asyncio: cancelling the task kills the command."""
    loop = asyncio.get_running_loop()
    cmd, keep = _start_command(source, stdin, wasi)
    f = L.wr_command_future(cmd)
    done = loop.create_future()

    def finished(_f, _user):
        try:
            loop.call_soon_threadsafe(lambda: done.done() or done.set_result(None))
        except RuntimeError:
            pass
    cb = L.FutureFn(finished)
    L.wr_future_on_complete(f, cb, None)
    try:
        await asyncio.shield(done)
    except asyncio.CancelledError:
        L.wr_future_cancel(f)
        await loop.run_in_executor(None, L.wr_future_wait, f, -1)
        L.wr_command_free(cmd)
        raise
    result = _command_result(cmd)
    del keep, cb
    return result
