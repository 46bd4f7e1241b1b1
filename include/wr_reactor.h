/*
 * wr_reactor.h - asynchronous calls into WebAssembly instances running on worker threads.
 *
 * A reactor is a module (one that exports "_initialize" and functions instead of "_start")
 * instantiated on one or more worker threads. Each worker owns its own store and instance;
 * the module is compiled once and shared. Any host thread submits calls; each call returns at
 * once with a future that completes on the worker.
 *
 *   wr_reactor_config cfg;
 *   wr_reactor_config_default(&cfg);
 *   cfg.workers = 4;
 *   wr_reactor *r;
 *   err = wr_reactor_new(module, &cfg, &r);          // instantiates, runs _initialize
 *   wr_val args[2] = {wr_val_i32(1), wr_val_i32(2)};
 *   wr_future *f;
 *   err = wr_reactor_call(r, "add", args, 2, NULL, &f);   // or resolve "add" once with
 *                                                         // wr_reactor_export, then
 *                                                         // wr_reactor_invoke by handle
 *   if (wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK) {
 *       size_t n; const wr_val *res = wr_future_results(f, &n);
 *   }
 *   wr_future_free(f);
 *   wr_reactor_free(r);
 *
 * Threads:
 *   - Worker threads (one per instance) run the guest, the hooks and the guest-error handler.
 *   - One timer thread per reactor enforces deadlines (of calls and of making instances); it
 *     never runs user code except the completion callback of a queued call whose deadline
 *     passes.
 *   - A future's completion callback runs on whichever thread completes the future: see
 *     wr_future_on_complete.
 *   - No embedder code (hooks, callbacks, imports, WASI callbacks such as a stdin wake_fn)
 *     ever runs while the reactor holds one of its locks, so such code may call any function
 *     of this header that its own section allows, and may take locks that threads calling
 *     into the reactor hold.
 *   - A stdin wake_fn (wr_wasi_config_stdin_callback_wakeable) runs on the thread that stops
 *     the call (wr_future_cancel, the timer thread, wr_reactor_close). The stopped call
 *     finishes only after wake_fn returned, so wake_fn must not wait for that call, nor take
 *     a lock that a thread waiting for that call (or closing the reactor) holds.
 *
 * Lifetimes:
 *   - The reactor keeps its own reference to the module and uses the module's engine, which
 *     must outlive the reactor.
 *   - A future is owned by the caller until wr_future_free; the reactor keeps its own
 *     reference while the call is in flight, so freeing a future at any time is safe.
 *   - wr_reactor_free completes every call (finishing or failing them), joins the threads and
 *     frees the instances. Futures stay readable after it until they are freed. They are
 *     allocated with the engine's allocator: with wr_config.alloc set, free them before the
 *     engine.
 *
 * Ids: every call gets an id unique within its reactor (1, 2, 3, ... in submission order;
 * a call refused as busy or closed takes one too).
 * Ordering: calls that run on one instance run in the order they were submitted: a call
 * whose submission returned before another's began runs first (calls submitted at the same
 * time from different threads run in some order; a batch runs in array order).
 * Dispatch: a call not pinned runs on the first worker free to take it. A worker takes up to
 * 16 waiting calls at a time, but no more than its share of the unpinned ones (their number
 * divided by the workers), so a call can wait behind a long one on a busy worker while
 * another worker is idle, only when at least twice as many calls waited as there are
 * workers (at most 15 calls per worker).
 */
#ifndef WR_REACTOR_H
#define WR_REACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wr.h"
#include "wr_wasi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wr_reactor wr_reactor;
typedef struct wr_future wr_future;
typedef struct wr_hook_ctx wr_hook_ctx;

/* ---------------------------------------------------------------- futures */

typedef enum wr_future_state {
    WR_FUTURE_QUEUED = 0, /* waiting for a worker */
    WR_FUTURE_RUNNING,    /* a worker is running it (hooks included) */
    WR_FUTURE_DONE,       /* finished with results */
    WR_FUTURE_FAILED,     /* finished with an error: see wr_future_status */
    WR_FUTURE_CANCELLED   /* cancelled by wr_future_cancel before or while running */
} wr_future_state;

/* How a call ended. Everything but WR_CALL_PENDING and WR_CALL_OK is a failure. */
typedef enum wr_call_status {
    WR_CALL_PENDING = 0,  /* not finished yet */
    WR_CALL_OK,           /* results are available */
    WR_CALL_TRAP,         /* the guest trapped (or the runtime failed the call, e.g. a limit);
                             wr_future_error has the error and the trap's backtrace */
    WR_CALL_EXIT,         /* the guest called proc_exit; wr_future_code is the exit code */
    WR_CALL_CANCELLED,    /* wr_future_cancel (state WR_FUTURE_CANCELLED) */
    WR_CALL_DEADLINE,     /* the call's deadline passed before it finished */
    WR_CALL_HOOK,         /* a hook returned non-zero; wr_future_code is that value */
    WR_CALL_GUEST_ERROR,  /* a tagged call's export returned non-zero; wr_future_code is it */
    WR_CALL_CODEC,        /* tagged data could not be placed or decoded; the message says where */
    WR_CALL_CLOSED,       /* the reactor closed before the call could run, or
                             wr_reactor_close(r, true) stopped it */
    WR_CALL_INSTANCE,     /* the worker's instance is unusable (re-instantiation failed) */
    WR_CALL_NOMEM,        /* the host ran out of memory */
    WR_CALL_BUSY,         /* refused at submission: the reactor's queue_capacity calls were
                             already waiting (the future is returned already failed) */
    WR_CALL_EXCEPTION     /* a wasm exception (3.0) left the call uncaught; wr_future_error is
                             the WR_ERR_EXCEPTION error with its tag and values */
} wr_call_status;

/* The id given to the call at submission. */
WR_API uint64_t wr_future_id(const wr_future *f);
/* The current state; never blocks. */
WR_API wr_future_state wr_future_state_of(const wr_future *f);
/* True once the future is done, failed or cancelled; never blocks. */
WR_API bool wr_future_poll(const wr_future *f);
/* Block until the future finishes or timeout_ns nanoseconds pass (negative: no limit,
 * 0: just poll). Returns whether it finished. The waits below and this one poll for up to
 * about 50 us before they sleep, so that a short call costs no thread wake-up. */
WR_API bool wr_future_wait(wr_future *f, int64_t timeout_ns);
/* Wait until all n futures finished (true) or the timeout passed (false). While more than
 * 64 remain it sleeps, woken once when the 64th before the last has finished (not once per
 * future), then polls as long as they keep finishing (each one that does opens a new 50 us
 * window), and sleeps again only if they stall. */
WR_API bool wr_future_wait_all(wr_future *const *fs, size_t n, int64_t timeout_ns);
typedef enum wr_wait_result {
    WR_WAIT_FINISHED = 0, /* *index is the lowest index of a finished future */
    WR_WAIT_TIMEOUT,      /* the timeout passed first */
    WR_WAIT_FAILED        /* nothing to wait for (n is 0), or memory was short to wait on
                             more than 16 futures: nothing was waited for */
} wr_wait_result;
/* Wait until any of the n futures finished or the timeout passed, sleeping once for the
 * whole set. *index is set only for WR_WAIT_FINISHED. */
WR_API wr_wait_result wr_future_wait_any(wr_future *const *fs, size_t n, int64_t timeout_ns,
                                         size_t *index);

/* A file descriptor that becomes readable when the future finishes and stays readable until
 * the future is freed, for poll/epoll/libuv loops. Created on the first call; owned by the
 * future (do not read, write or close it). Returns -1 with errno set when none can be made. */
WR_API int wr_future_fd(wr_future *f);

/* Called once when the future finishes. It runs on the thread that completes the future:
 *   - the worker thread for a call that ran (the usual case);
 *   - the thread calling wr_future_cancel for a call cancelled while queued;
 *   - the timer thread for a queued call whose deadline passed;
 *   - the thread calling wr_reactor_close/wr_reactor_free for calls that never ran;
 *   - the calling thread, before wr_future_on_complete returns, if the future has already
 *     finished.
 * The callback may read the future (status, results, error), free it and submit new calls.
 * It must not wait for this future or other calls of the same reactor (it may be running on
 * that reactor's worker) nor close it.
 * The callback returns before anyone can see the future finished: wr_future_poll, the waits,
 * wr_future_state_of and the fd report it finished only once the callback has returned, so
 * a thread that saw it finished may free the callback's user data. Setting a second
 * callback replaces the first if the future has not finished yet. */
typedef void (*wr_future_fn)(wr_future *f, void *user);
WR_API void wr_future_on_complete(wr_future *f, wr_future_fn fn, void *user);

/* Ask the call to stop. A queued call is removed from its queue and completes cancelled at
 * once. A running call stops at its next loop back-edge or call (and a blocking WASI call is
 * woken); it ends cancelled even if it manages to return first. Returns true exactly when the
 * request took effect, and then the future ends WR_FUTURE_CANCELLED; false when it had already
 * finished or was already being stopped (by a cancel, its deadline or wr_reactor_close). Safe
 * from any thread, including a completion callback. */
WR_API bool wr_future_cancel(wr_future *f);

/* Drop the caller's reference. Safe while the call is in flight: the call still runs (use
 * wr_future_cancel first to stop it) and its result is discarded. */
WR_API void wr_future_free(wr_future *f);

/* The outcome; WR_CALL_PENDING until the future finished. The accessors below are only
 * meaningful after it finished (wr_future_poll/wait returned true). */
WR_API wr_call_status wr_future_status(const wr_future *f);
/* The results of a plain call (types set), or of a command (one i32: its exit code).
 * NULL with *count 0 when there are none or the call failed. Owned by the future. */
WR_API const wr_val *wr_future_results(const wr_future *f, size_t *count);
/* A description of the failure (e.g. "trap: integer divide by zero"), or NULL on success. */
WR_API const char *wr_future_message(const wr_future *f);
/* The exit code (WR_CALL_EXIT), the hook's return value (WR_CALL_HOOK) or the guest's error
 * code (WR_CALL_GUEST_ERROR); 0 otherwise. */
WR_API int32_t wr_future_code(const wr_future *f);
/* The underlying error, or NULL. Owned by the future.
 *   - WR_CALL_TRAP, WR_CALL_EXIT: the trap (wr_error_frames is the wasm backtrace) or exit.
 *   - WR_CALL_EXCEPTION: the uncaught exception (wr_error_exception_tag/_values); its tag
 *     belongs to the worker's store, so compare it only from hooks, on that worker.
 *   - WR_CALL_CANCELLED, WR_CALL_DEADLINE, WR_CALL_CLOSED: where the guest was stopped, a
 *     WR_TRAP_INTERRUPTED trap whose backtrace is the stopped guest's stack; NULL when the
 *     call was stopped before it ran or the guest was not inside wasm when it stopped. */
WR_API const wr_error *wr_future_error(const wr_future *f);

/* ---------------------------------------------------------------- tagged-argument codec
 * Opt-in calls whose arguments and results travel through guest memory as tagged values:
 *   tag 1 i32, tag 2 u32: 4 bytes little-endian
 *   tag 3 string:         u32 byte length, then that many UTF-8 bytes (checked both ways)
 *   tag 4 i32 array, 5 u32 array: u32 count, then count 4-byte elements
 *   0xFF ends the list.
 * The area is either at a fixed address (wr_reactor_config.codec_offset) or allocated by the
 * guest's "malloc" or "cabi_realloc" export per call (and released with its "free" export
 * when it has one; wr_reactor_new checks these exports and their types once). The export
 * takes (), (i32 area) or (i32 area, i32 capacity) and returns an i32: 0 = success with
 * results written to the same area in the same encoding, WR_GUEST_OVERFLOW (wr_guest.h's
 * wr_guest_finish, which then leaves the size the results need in the area's first 4 bytes)
 * = the results did not fit, which fails the call with WR_CALL_CODEC ("results need N bytes,
 * the area has M; raise codec_capacity"), anything else = an error code. include/wr_guest.h
 * is the guest side. */

typedef enum wr_tag {
    WR_TAG_I32 = 1,
    WR_TAG_U32 = 2,
    WR_TAG_STRING = 3,
    WR_TAG_I32_ARRAY = 4,
    WR_TAG_U32_ARRAY = 5
} wr_tag;

typedef struct wr_tagged {
    wr_tag tag;
    union {
        int32_t i32;
        uint32_t u32;
        struct {
            const char *data; /* not NUL-terminated when given; results add a NUL */
            uint32_t len;
        } str;
        struct {
            const int32_t *data;
            uint32_t count;
        } i32s;
        struct {
            const uint32_t *data;
            uint32_t count;
        } u32s;
    } of;
} wr_tagged;

typedef enum wr_codec_area {
    WR_CODEC_FIXED = 0,     /* at codec_offset, codec_capacity bytes */
    WR_CODEC_MALLOC,        /* malloc(size) / free(ptr) exports */
    WR_CODEC_CABI_REALLOC   /* cabi_realloc(0, 0, 8, size) export; free(ptr) when exported */
} wr_codec_area;

/* The decoded results of a successful tagged call. Pointers inside point into storage the
 * future owns (strings are NUL-terminated there too). */
WR_API const wr_tagged *wr_future_tagged(const wr_future *f, size_t *count);

/* ---------------------------------------------------------------- hooks
 * Hooks run on the worker thread with the instance to themselves:
 *   - store: right before the export; sees (and may change) the arguments;
 *   - load: right after the export, only when it returned normally; sees the results;
 *   - cleanup: after every call that reached the instance, whatever its outcome (results,
 *     trap, exit, hook failure, guest error, cancel, deadline, close), before the next call,
 *     e.g. to free guest memory a store hook allocated. wr_hook_status tells the outcome so
 *     far; its return value is ignored and it cannot change the outcome. After a stop
 *     (cancel, deadline, close) it runs with the stop request cleared, and a later request
 *     does not reach it, so it must not loop.
 * They see guest memory and may call other exports of the same instance, e.g. to allocate
 * guest memory for an argument and free it afterwards. A non-zero return of a store or load
 * hook fails the call with WR_CALL_HOOK and that code. */

typedef int (*wr_hook_fn)(wr_hook_ctx *ctx, void *user); /* user: wr_call_options.user */

/* The id of the call the hook runs for. */
WR_API uint64_t wr_hook_call_id(const wr_hook_ctx *ctx);
/* The call's user pointer (wr_call_options.user). */
WR_API void *wr_hook_user(const wr_hook_ctx *ctx);
/* The outcome so far: WR_CALL_PENDING in store and load hooks, the call's outcome in the
 * cleanup hook. */
WR_API wr_call_status wr_hook_status(const wr_hook_ctx *ctx);
/* Which worker (0 .. workers-1) runs the call. */
WR_API uint32_t wr_hook_worker(const wr_hook_ctx *ctx);
/* Guest memory 0: its base and size in bytes (NULL and 0 when the instance has none). Guest
 * code may grow and move it, so fetch it again after every wr_hook_call. */
WR_API uint8_t *wr_hook_memory(wr_hook_ctx *ctx, size_t *size);
/* The call's arguments; the store hook may change their values (not their types). For a
 * tagged call these are the (area, capacity) values passed to the export. */
WR_API wr_val *wr_hook_args(wr_hook_ctx *ctx, size_t *count);
/* The call's results (load hook only; NULL before the export ran). May be changed. */
WR_API wr_val *wr_hook_results(wr_hook_ctx *ctx, size_t *count);
/* Call another export of the instance. Returns false when the export is missing, the types do
 * not match or it fails. A trap or exit raised here becomes the outcome of the whole call,
 * whatever the hook returns afterwards. */
WR_API bool wr_hook_call(wr_hook_ctx *ctx, const char *export_name, const wr_val *args,
                         size_t nargs, wr_val *results, size_t nresults);
/* The instance, for anything else (globals, tables). Valid only during the hook. */
WR_API wr_instance *wr_hook_instance(wr_hook_ctx *ctx);

/* Called on the worker when a tagged call's export returns a non-zero code, before the future
 * fails with WR_CALL_GUEST_ERROR; ctx is as for a load hook (e.g. to read a message the guest
 * left in its memory). */
typedef void (*wr_guest_error_fn)(wr_hook_ctx *ctx, int32_t code, void *user);

/* ---------------------------------------------------------------- reactors */

/* Define extra imports for one worker's instance: called on the worker thread with that
 * worker's store and linker, once per (re-)instantiation. Return NULL or an error. */
typedef wr_error *(*wr_imports_fn)(wr_linker *linker, wr_store *store, uint32_t worker, void *user);

typedef struct wr_reactor_config {
    uint32_t workers;            /* instances in the pool, each on its own thread (default 1) */
    uint64_t default_deadline_ns;/* a deadline for calls that set none; 0 = none (default) */
    bool fresh_after_failure;    /* after a trap, exit, cancel or deadline, replace the
                                    instance with a fresh one (default false: keep it, its
                                    memory as the guest left it) */
    const wr_wasi_config *wasi;  /* WASI for every instance, or NULL for none. Only read while
                                    instances are made, but that can happen on any worker at
                                    any time, so it must stay alive and unchanged until
                                    wr_reactor_free. */
    const wr_wasi_config *const *worker_wasi; /* instead of wasi: one config per worker
                                    (an array of `workers`, same lifetime rule), so that each
                                    worker's WASI callbacks get their own user pointer and
                                    know which worker they serve (wr_reactor_running tells
                                    the call). With wr_wasi_config_stdin_push, stdin is fed
                                    by wr_reactor_stdin_push. */
    wr_imports_fn imports;       /* extra imports, or NULL */
    void *imports_user;
    /* Tagged calls. */
    wr_codec_area codec_area;    /* default WR_CODEC_FIXED */
    uint32_t codec_offset;       /* fixed area address (default 8) */
    uint32_t codec_capacity;     /* bytes of the area (default 1016: up to address 1024,
                                    below where wasm-ld places data by default); with an
                                    allocated area, at least this much is allocated */
    wr_guest_error_fn guest_error; /* or NULL */
    void *guest_error_user;
    uint64_t init_deadline_ns;   /* time allowed to make one instance, its start function and
                                    _initialize included, at startup and for each fresh
                                    instance; past it the making is interrupted and fails
                                    (WR_ERR_LIMIT). Default 10 s; 0 = no limit. */
    uint32_t queue_capacity;     /* calls that may wait for a worker at once (all queues);
                                    one more is refused with WR_CALL_BUSY (submissions racing
                                    at the limit are counted to within their own calls, since
                                    submitting takes no lock). 0 = no limit (default). */
} wr_reactor_config;

/* Fill cfg with the defaults given above. Never fails; any thread. */
WR_API void wr_reactor_config_default(wr_reactor_config *cfg);

/* Start a reactor: make every worker's instance (with WASI when configured) and run its
 * "_initialize" export when there is one. Blocks until all are ready, at most about
 * cfg->init_deadline_ns. When one fails, every worker is stopped and the error is returned
 * (the trap, WR_ERR_EXIT with the exit code for a proc_exit during _initialize, or
 * WR_ERR_LIMIT past the deadline or for an engine limit such as max_call_depth). Before any
 * thread starts, WR_ERR_ARG for a codec_area whose allocator export ("malloc" (i32) -> i32
 * or "cabi_realloc" (i32 i32 i32 i32) -> i32, and "free" (i32) -> () when exported) is
 * missing or has another type. cfg may be NULL for the defaults. */
WR_API wr_error *wr_reactor_new(wr_module *module, const wr_reactor_config *cfg, wr_reactor **out);

/* Per-call options; NULL means all defaults, and so do zero-initialised options: set what
 * you need. */
typedef struct wr_call_options {
    int64_t deadline_ns;         /* time allowed from submission: > 0 a deadline, 0 the
                                    reactor's default, < 0 none */
    bool pinned;                 /* run on `worker` only (its instance's state); false = the
                                    first worker free to take it (see Dispatch above) */
    uint32_t worker;             /* with pinned: 0 .. workers-1; any other value, or a
                                    non-zero worker without pinned, is a WR_ERR_ARG error */
    wr_hook_fn store_hook;       /* before the export, or NULL */
    wr_hook_fn load_hook;        /* after the export (only when it returned normally), or NULL */
    wr_hook_fn cleanup_hook;     /* after every call that reached the instance, or NULL */
    void *user;                  /* handed to the hooks; wr_hook_user, wr_reactor_running */
} wr_call_options;

/* All zero: any worker, the reactor's default deadline, no hooks. */
WR_API void wr_call_options_default(wr_call_options *opts);

/* An export resolved once, to call without a lookup by name. Owned by the reactor; valid
 * until wr_reactor_free. */
typedef struct wr_reactor_fn wr_reactor_fn;
/* The handle of the exported function name; WR_ERR_ARG when there is none. */
WR_API wr_error *wr_reactor_export(wr_reactor *r, const char *name, const wr_reactor_fn **out);
WR_API const char *wr_reactor_fn_name(const wr_reactor_fn *fn);
WR_API const wr_functype *wr_reactor_fn_type(const wr_reactor_fn *fn);

/* Submit a call of fn with args; never blocks on the guest. The arguments are copied.
 * Returns an error (and no future) when the arguments do not match fn's type, the options
 * are invalid, or memory is short. After wr_reactor_close the future is returned already
 * failed with WR_CALL_CLOSED; when queue_capacity calls are waiting, already failed with
 * WR_CALL_BUSY. */
WR_API wr_error *wr_reactor_invoke(wr_reactor *r, const wr_reactor_fn *fn, const wr_val *args,
                                   size_t nargs, const wr_call_options *opts, wr_future **out);
/* Submit ncalls calls of fn at once, all with the same options: call i takes the nargs
 * values at args[i * nargs]. out (an array of ncalls) receives the futures in call order; the
 * calls get consecutive ids and queue as one, so a batch costs one submission, and a sleeping
 * worker is woken once for it. Every call is submitted, or (on an error: a call's arguments
 * do not match fn's type, which the message names, invalid options, memory short) none is and
 * out is all NULL. queue_capacity applies call by call: the calls past it come back already
 * failed with WR_CALL_BUSY; after wr_reactor_close all come back failed with WR_CALL_CLOSED.
 * ncalls 0 does nothing. Any thread; the futures are the caller's to free, one by one. */
WR_API wr_error *wr_reactor_invoke_batch(wr_reactor *r, const wr_reactor_fn *fn,
                                         const wr_val *args, size_t nargs, size_t ncalls,
                                         const wr_call_options *opts, wr_future **out);
/* wr_reactor_export, then wr_reactor_invoke. */
WR_API wr_error *wr_reactor_call(wr_reactor *r, const char *export_name, const wr_val *args,
                                 size_t nargs, const wr_call_options *opts, wr_future **out);
/* The same for a tagged call (see the codec above). The values are encoded at once; an
 * export whose type is not ([i32 [i32]]) -> i32, a bad tag, or (with a fixed area)
 * arguments larger than codec_capacity are an immediate WR_ERR_ARG error. */
WR_API wr_error *wr_reactor_invoke_tagged(wr_reactor *r, const wr_reactor_fn *fn,
                                          const wr_tagged *args, size_t nargs,
                                          const wr_call_options *opts, wr_future **out);
WR_API wr_error *wr_reactor_call_tagged(wr_reactor *r, const char *export_name,
                                        const wr_tagged *args, size_t nargs,
                                        const wr_call_options *opts, wr_future **out);

/* How many workers (and instances) the reactor has. Never fails; any thread. */
WR_API uint32_t wr_reactor_workers(const wr_reactor *r);
/* Calls waiting for a worker right now (all queues; running calls not included). Safe from
 * any thread. */
WR_API size_t wr_reactor_queued(const wr_reactor *r);
/* The call worker (0 .. workers-1) is running right now: returns its id and sets *user (when
 * not NULL) to its options' user pointer; 0 (and NULL) when the worker is idle or the index
 * is out of range. Called from a WASI callback or host import running on that worker, it
 * names the call being served. Safe from any thread. */
WR_API uint64_t wr_reactor_running(const wr_reactor *r, uint32_t worker, void **user);

/* Append bytes to the stdin of worker's instance (a WASI config with
 * wr_wasi_config_stdin_push). The bytes stay queued across calls for that instance; a fresh
 * instance (fresh_after_failure) starts with an empty stdin. Safe from any thread; a guest
 * blocked reading stdin wakes. Returns false when the worker does not exist, its config has
 * no pushed stdin, after wr_reactor_stdin_close for it, or when memory is short. */
WR_API bool wr_reactor_stdin_push(wr_reactor *r, uint32_t worker, const void *data, size_t len);
/* End of file for worker's stdin once its guest has read what was pushed. */
WR_API void wr_reactor_stdin_close(wr_reactor *r, uint32_t worker);

/* Stop taking calls: later submissions fail with WR_CALL_CLOSED. With cancel_running false,
 * calls already queued still run; with true, they fail with WR_CALL_CLOSED, running ones
 * are stopped (also ending WR_CALL_CLOSED) and so is a fresh instance being made (its
 * _initialize included). Waits for the workers to finish and joins every
 * thread. Calling it again does nothing. Not from a completion callback or hook of r. */
WR_API void wr_reactor_close(wr_reactor *r, bool cancel_running);
/* Close and free. Unless wr_reactor_close(r, true) came first, this waits for queued and
 * running calls to finish (deadlines still apply), so a call that never ends keeps it waiting.
 * Must be the last use of r; never call it from a completion callback or hook of r. */
WR_API void wr_reactor_free(wr_reactor *r);

/* ---------------------------------------------------------------- commands
 * A command module ("_start") run on its own worker thread. Its future finishes with one i32
 * result, the exit code (0 when _start returns, n for proc_exit(n)); a trap fails it.
 * Cancelling the future kills the guest. Stdout and stderr go where the WASI config says
 * (wr_wasi_config_output_callback for callbacks). */

typedef struct wr_command wr_command;

typedef struct wr_command_config {
    wr_wasi_config *wasi;   /* required. With stdin_pipe, the command sets its stdin to
                               wr_wasi_config_stdin_push (each instance made from the config
                               gets its own empty queue). */
    bool stdin_pipe;        /* feed stdin through wr_command_stdin_write/_close */
    int64_t deadline_ns;    /* > 0: fail with WR_CALL_DEADLINE after this long */
    wr_imports_fn imports;  /* extra imports, or NULL */
    void *imports_user;
} wr_command_config;

/* Start running the module's _start. Returns an error only for bad arguments (no module, no
 * WASI config, no "_start" export taking and returning nothing) or when threads or memory
 * are short; instantiation errors fail the future. */
WR_API wr_error *wr_command_start(wr_module *module, const wr_command_config *cfg,
                                  wr_command **out);
/* The command's future, owned by the command (do not free it; it lives until
 * wr_command_free). */
WR_API wr_future *wr_command_future(wr_command *cmd);
/* Append bytes to the guest's stdin (stdin_pipe only). Safe from any thread; a guest blocked
 * reading stdin wakes. Returns false without stdin_pipe, after wr_command_stdin_close or when
 * memory is short. */
WR_API bool wr_command_stdin_write(wr_command *cmd, const void *data, size_t len);
/* End of file for the guest's stdin once it has read what was written. */
WR_API void wr_command_stdin_close(wr_command *cmd);
/* Kill the guest if it still runs, join its thread and free everything. */
WR_API void wr_command_free(wr_command *cmd);

#ifdef __cplusplus
}
#endif
#endif
