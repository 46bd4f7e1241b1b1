/*
 * The compiled tier (see docs/compiled.md): WebAssembly -> C -> the system C compiler ->
 * a shared object loaded with dlopen. emit.c writes each function's C, emit_module.c the
 * rest of each file; driver.c builds, caches and loads the object; native.c runs it
 * (entry wrapper and runtime services).
 */
#ifndef WR_COMPILE_COMPILE_H
#define WR_COMPILE_COMPILE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "compile/abi.h"
#include "decode/opcodes.h"
#include "runtime/runtime.h"
#include "util/error.h"

/* A growable text buffer; a failed allocation sets oom and drops further text. */
typedef struct wrc_buf {
    const wr_allocator *alloc; /* what text is allocated with */
    char *text;
    size_t len, cap;
    bool oom;
} wrc_buf;

void wrc_buf_printf(wrc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wrc_buf_free(wrc_buf *b);

/* The generated code's prelude: wr.h, abi.h and numeric.h as text (built by CMake from
 * the same files the runtime compiles, so both share one definition of each). */
extern const char wrc_prelude_text[];
/* A hash of the translator's own sources (cmake/embed_prelude.cmake): part of every cache
 * key, so objects of an older translator are never reused. */
extern const char wrc_translator_id[];

/* Writes the C translation of a validated module as nparts files (parts[0..nparts),
 * each compiled on its own, functions spread by body size; part 0 holds the descriptor).
 * key goes into the descriptor, bounds_checks selects explicit checks over guard regions,
 * with_bytes embeds the module file (for objects that run alone). */
wr_error *wrc_emit_module(const wr_module *m, const char *key, bool bounds_checks,
                          bool with_bytes, uint32_t nparts, wrc_buf *parts);
/* The bytes of all function bodies: what the number of parts is chosen by. */
uint64_t wrc_code_bytes(const wr_module *m);
/* emit.c, for emit_module.c: function fi's C functions f<fi> and e<fi> (tails[i]: function
 * i makes a tail call; checks: explicit bounds checks), the declarations every part needs,
 * and whether function fi makes a tail call. */
wr_error *wrc_emit_function(const wr_module *m, const bool *tails, uint32_t fi, bool checks,
                            bool exceptions, wrc_buf *out);
void wrc_emit_decls(const wr_module *m, wrc_buf *out);
bool wrc_has_tail_call(const wr_module *m, uint32_t fi);

/* A loaded object, shared by every instance of its module. */
typedef struct wrc_object wrc_object;
struct wrc_object {
    void *handle;                 /* from dlopen */
    const wrc_descriptor *desc;
    wrc_simd_fn simd[OPFD_COUNT]; /* the interpreter's SIMD functions, by 0xFD sub-opcode */
    bool exceptions;              /* wrc_uses_exceptions: its code checks wrc_ctx.exn */
};

/* Whether a module uses exception handling (throw, throw_ref or try_table anywhere): its
 * generated code then checks wrc_ctx.exn after every call. The translator and the runtime
 * both ask, so they agree. */
bool wrc_uses_exceptions(const wr_module *m);

/* Builds (or finds in the cache) and loads the object for a module of a compiled-tier
 * engine, and points every defined function's code at it. */
wr_error *wrc_compile_module(wr_module *m);

/* The C compiler's processes started at once: the parts of a large module. */
#define WRC_COMPILE_JOBS 2

/* What lets another thread stop a build (the background tier-up, runtime/tierup.c): the
 * driver starts a child only while cancelled is false and records it in pids until it has
 * exited, both under *lock, so wrc_cancel_build kills every child that could still run.
 * A child is waited for without being reaped, then removed, then reaped: a recorded pid
 * is never one the system has reused. */
typedef struct wrc_cancel {
    pthread_mutex_t *lock;
    bool cancelled;
    pid_t pids[WRC_COMPILE_JOBS]; /* 0: free */
} wrc_cancel;

/* Marks the build cancelled and kills its running children; call with *c->lock held. */
void wrc_cancel_build(wrc_cancel *c);

/* What wrc_compile_module does, but the object is returned instead of given to m, and
 * cancel (or NULL) may stop the build from another thread; m is only read, so other
 * threads may use it meanwhile. */
wr_error *wrc_build_object(const wr_module *m, wrc_cancel *cancel, struct wrc_object **out);
/* Writes the object for m to path (wr compile); nothing is loaded. */
wr_error *wrc_compile_to_file(wr_module *m, const char *path);
/* Opens an object written by wrc_compile_to_file: *handle is for wrc_object_bind, and
 * *bytes (allocated from a, the caller's) the module file it carries. */
wr_error *wrc_object_open(const wr_allocator *a, const char *path, void **handle, uint8_t **bytes,
                          size_t *len);
/* Gives module m (built from those bytes) the object and returns NULL or the error; with
 * an earlier error err (m is NULL then) returns err. Consumes handle in every case. */
wr_error *wrc_object_bind(wr_module *m, void *handle, const char *path, wr_error *err);
/* Whether the file starts like a shared object (ELF) rather than a wasm module. */
bool wrc_is_object(const uint8_t *bytes, size_t len);


/* Unloads an object (what wr_module.native_free points at). */
void wrc_object_free(struct wrc_object *obj);

/* Instance contexts (native.c). */
wr_error *wrc_instance_attach(wr_instance *inst);
void wrc_instance_detach(wr_instance *inst);

/* Runs defined function func of a compiled module with arguments in fp[0..]; the
 * results land there too (the counterpart of wr_exec). */
wr_error *wrc_exec(wr_store *store, const wr_func *func, wr_slot *fp);
void wrc_fill_simd_table(wrc_simd_fn table[OPFD_COUNT]);

#endif
