"""ctypes declarations of libwr's public C API (wr.h, wr_wasi.h, wr_reactor.h) used by
wasi_reactor, and where libwr.so is found. Every structure mirrored here is checked against
the library's own defaults at import, so a libwr whose layout differs fails at once instead of
corrupting memory. The reactor-specific calls sit in the few functions marked "libwr reactor
API" in __init__.py."""
import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, Union, c_bool, c_char_p, c_double, c_float,
                    c_int, c_int32, c_int64, c_long, c_size_t, c_uint8, c_uint32, c_uint64,
                    c_void_p)

_HERE = os.path.dirname(os.path.abspath(__file__))


def _find_library():
    """$WR_LIBRARY, else a libwr.so installed inside the package, else the build folder of the
    checkout this package sits in, else the system's."""
    candidates = [os.environ.get("WR_LIBRARY"),
                  os.path.join(_HERE, "libwr.so"),
                  os.path.join(_HERE, "..", "..", "..", "build", "libwr.so")]
    for path in candidates:
        if path and os.path.exists(path):
            return path
    found = ctypes.util.find_library("wr")
    if found:
        return found
    raise ImportError("wasi_reactor: libwr.so not found (looked for $WR_LIBRARY, "
                      + ", ".join(p for p in candidates[1:])
                      + " and the system's libraries); run make in the checkout or set "
                      "WR_LIBRARY to the built libwr.so")


lib = ctypes.CDLL(_find_library())

# ---------------------------------------------------------------- types

I32, I64, F32, F64, V128, FUNCREF, EXTERNREF, EXNREF = 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F, 0x69
TYPE_NAMES = {I32: "i32", I64: "i64", F32: "f32", F64: "f64", V128: "v128",
              FUNCREF: "funcref", EXTERNREF: "externref", EXNREF: "exnref"}
EXTERN_FUNC = 0
ERR_EXIT, ERR_TRAP = 5, 4
ERROR_KINDS = {1: "malformed", 2: "invalid", 3: "link", 4: "trap", 5: "exit", 6: "nomem",
               7: "limit", 8: "io", 9: "arg", 10: "exception"}

(CALL_PENDING, CALL_OK, CALL_TRAP, CALL_EXIT, CALL_CANCELLED, CALL_DEADLINE, CALL_HOOK,
 CALL_GUEST_ERROR, CALL_CODEC, CALL_CLOSED, CALL_INSTANCE, CALL_NOMEM, CALL_BUSY,
 CALL_EXCEPTION) = range(14)
STATUS_NAMES = {CALL_TRAP: "trap", CALL_EXIT: "exit", CALL_CANCELLED: "cancelled",
                CALL_DEADLINE: "deadline", CALL_HOOK: "hook", CALL_GUEST_ERROR: "guest_error",
                CALL_CODEC: "codec", CALL_CLOSED: "closed", CALL_INSTANCE: "instance",
                CALL_NOMEM: "nomem", CALL_BUSY: "busy", CALL_EXCEPTION: "exception"}

TAG_I32, TAG_U32, TAG_STRING, TAG_I32_ARRAY, TAG_U32_ARRAY = 1, 2, 3, 4, 5
CODEC_AREAS = {"fixed": 0, "malloc": 1, "cabi_realloc": 2}


class ValUnion(Union):
    _fields_ = [("i32", c_int32), ("i64", c_int64), ("f32_bits", c_uint32),
                ("f64_bits", c_uint64), ("v128", c_uint8 * 16), ("ref", c_void_p)]


class Val(Structure):
    _fields_ = [("type", c_int), ("of", ValUnion)]


class FuncType(Structure):
    _fields_ = [("nparams", c_uint32), ("nresults", c_uint32), ("params", POINTER(c_int)),
                ("results", POINTER(c_int))]


class Limits(Structure):
    _fields_ = [("min", c_uint64), ("max", c_uint64), ("has_max", c_bool)]


class TableType(Structure):
    _fields_ = [("elem", c_int), ("limits", Limits), ("is64", c_bool)]


class MemoryType(Structure):
    _fields_ = [("limits", Limits), ("is64", c_bool)]


class GlobalType(Structure):
    _fields_ = [("type", c_int), ("is_mutable", c_bool)]


# Every member of wr_externtype's union, so that it has the C size: wr_module_export
# writes the whole of it.
class ExternTypeUnion(Union):
    _fields_ = [("func", FuncType), ("table", TableType), ("memory", MemoryType),
                ("global_", GlobalType)]


class ExternType(Structure):
    _fields_ = [("kind", c_int), ("of", ExternTypeUnion)]


class Name(Structure):
    _fields_ = [("data", c_void_p), ("len", c_size_t)]


class Frame(Structure):
    _fields_ = [("func_index", c_uint32), ("func_name", c_char_p), ("code_offset", c_uint32),
                ("instance", c_void_p), ("func_offset", c_uint32)]


class Extern(Structure):
    _fields_ = [("kind", c_int), ("of", c_void_p)]


class Span(Structure):
    _fields_ = [("data", c_void_p), ("count", c_uint32)]


class TaggedUnion(Union):
    _fields_ = [("i32", c_int32), ("u32", c_uint32), ("span", Span)]


class Tagged(Structure):
    _fields_ = [("tag", c_int), ("of", TaggedUnion)]


ImportsFn = CFUNCTYPE(c_void_p, c_void_p, c_void_p, c_uint32, c_void_p)
GuestErrorFn = CFUNCTYPE(None, c_void_p, c_int32, c_void_p)
HookFn = CFUNCTYPE(c_int, c_void_p, c_void_p)
FutureFn = CFUNCTYPE(None, c_void_p, c_void_p)
WriteFn = CFUNCTYPE(c_bool, c_void_p, POINTER(c_uint8), c_size_t)
ReadFn = CFUNCTYPE(c_long, c_void_p, POINTER(c_uint8), c_size_t)


class ReactorConfig(Structure):
    _fields_ = [("workers", c_uint32), ("default_deadline_ns", c_uint64),
                ("fresh_after_failure", c_bool), ("wasi", c_void_p),
                ("worker_wasi", c_void_p), ("imports", ImportsFn),
                ("imports_user", c_void_p), ("codec_area", c_int), ("codec_offset", c_uint32),
                ("codec_capacity", c_uint32), ("guest_error", GuestErrorFn),
                ("guest_error_user", c_void_p), ("init_deadline_ns", c_uint64),
                ("queue_capacity", c_uint32), ("_reserve", c_uint8 * 256)]  # room for fields a newer libwr appends


class CallOptions(Structure):
    _fields_ = [("deadline_ns", c_int64), ("pinned", c_bool), ("worker", c_uint32),
                ("store_hook", HookFn), ("load_hook", HookFn), ("cleanup_hook", HookFn),
                ("user", c_void_p), ("_reserve", c_uint8 * 256)]


class CommandConfig(Structure):
    _fields_ = [("wasi", c_void_p), ("stdin_pipe", c_bool), ("deadline_ns", c_int64),
                ("imports", ImportsFn), ("imports_user", c_void_p)]


# ---------------------------------------------------------------- functions

def _fn(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    globals()[name] = f


P = c_void_p
_fn("wr_error_kind_of", c_int, P)
_fn("wr_error_message", c_char_p, P)
_fn("wr_error_reason", c_char_p, P)
_fn("wr_error_exit_code", c_int, P)
_fn("wr_error_frames", POINTER(Frame), P, POINTER(c_size_t))
_fn("wr_error_free", None, P)
_fn("wr_engine_new", P, P)
_fn("wr_engine_free", None, P)
_fn("wr_module_new", P, P, c_char_p, c_size_t, POINTER(P))
_fn("wr_module_load", P, P, c_char_p, POINTER(P))
_fn("wr_module_free", None, P)
_fn("wr_module_export_count", c_size_t, P)
_fn("wr_module_export", None, P, c_size_t, POINTER(Name), POINTER(ExternType))
_fn("wr_store_new", P, P)
_fn("wr_store_free", None, P)
_fn("wr_linker_new", P, P)
_fn("wr_linker_free", None, P)
_fn("wr_linker_instantiate", P, P, P, P, POINTER(P))
_fn("wr_instance_func", P, P, c_char_p)
_fn("wr_instance_memory", P, P)
_fn("wr_memory_data", POINTER(c_uint8), P)
_fn("wr_memory_size", c_size_t, P)
_fn("wr_func_type", POINTER(FuncType), P)
_fn("wr_func_call", P, P, P, POINTER(Val), c_size_t, POINTER(Val), c_size_t)
_fn("wr_wasi_config_new", P)
_fn("wr_wasi_config_free", None, P)
_fn("wr_wasi_config_arg", c_bool, P, c_char_p)
_fn("wr_wasi_config_env", c_bool, P, c_char_p, c_char_p)
_fn("wr_wasi_config_preopen", c_bool, P, c_char_p, c_bool)
_fn("wr_wasi_config_preopen_memfs", c_bool, P, P, c_char_p, c_char_p, c_bool)
_fn("wr_wasi_config_output_callback", c_bool, P, c_int, WriteFn, P)
_fn("wr_wasi_config_stdin_callback", c_bool, P, ReadFn, P)
_fn("wr_wasi_new", P, P, P, POINTER(P))
_fn("wr_wasi_free", None, P)
_fn("wr_wasi_define", P, P, P)
_fn("wr_wasi_run_start", P, P, P, POINTER(c_int))
_fn("wr_memfs_new", P)
_fn("wr_memfs_free", None, P)
_fn("wr_memfs_write_file", P, P, c_char_p, c_char_p, c_size_t, c_uint64)
_fn("wr_memfs_set_times", P, P, c_char_p, c_uint64, c_uint64)
# libwr reactor API
_fn("wr_reactor_config_default", None, POINTER(ReactorConfig))
_fn("wr_reactor_new", P, P, POINTER(ReactorConfig), POINTER(P))
_fn("wr_reactor_workers", c_uint32, P)
_fn("wr_reactor_close", None, P, c_bool)
_fn("wr_reactor_free", None, P)
_fn("wr_call_options_default", None, POINTER(CallOptions))
_fn("wr_reactor_export", P, P, c_char_p, POINTER(P))
_fn("wr_reactor_invoke", P, P, P, POINTER(Val), c_size_t, POINTER(CallOptions), POINTER(P))
_fn("wr_reactor_invoke_tagged", P, P, P, POINTER(Tagged), c_size_t, POINTER(CallOptions),
    POINTER(P))
_fn("wr_future_on_complete", None, P, FutureFn, P)
_fn("wr_future_wait", c_bool, P, c_int64)
_fn("wr_future_cancel", c_bool, P)
_fn("wr_future_free", None, P)
_fn("wr_future_status", c_int, P)
_fn("wr_future_results", POINTER(Val), P, POINTER(c_size_t))
_fn("wr_future_tagged", POINTER(Tagged), P, POINTER(c_size_t))
_fn("wr_future_message", c_char_p, P)
_fn("wr_future_code", c_int32, P)
_fn("wr_future_error", P, P)
_fn("wr_command_start", P, P, POINTER(CommandConfig), POINTER(P))
_fn("wr_command_future", P, P)
_fn("wr_command_stdin_write", c_bool, P, c_char_p, c_size_t)
_fn("wr_command_stdin_close", None, P)
_fn("wr_command_free", None, P)
_fn("wr_val_as_f32", c_float, Val)
_fn("wr_val_as_f64", c_double, Val)
_fn("wr_val_f32", Val, c_float)
_fn("wr_val_f64", Val, c_double)


def _check_layouts():
    """The defaults libwr documents, read through this file's structures."""
    cfg = ReactorConfig()
    wr_reactor_config_default(ctypes.byref(cfg))  # noqa: F821 (defined by _fn)
    opts = CallOptions()
    wr_call_options_default(ctypes.byref(opts))  # noqa: F821
    if (cfg.workers, cfg.codec_offset, cfg.codec_capacity, cfg.init_deadline_ns,
            cfg.queue_capacity) != (1, 8, 1016, 10_000_000_000, 0) or \
            (opts.deadline_ns, opts.pinned, opts.worker, opts.user) != (0, False, 0, None):
        raise ImportError("wasi_reactor: this libwr's wr_reactor_config or wr_call_options "
                          "layout differs from the one the binding was written for")


_check_layouts()
