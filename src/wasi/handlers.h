/*
 * The wasi_snapshot_preview1 functions, described once. WASI_FUNCTIONS lists every function
 * with its parameters in the witx order, each a kind and a name; from that list come
 *   - the argument struct a handler reads (wasi_fd_write_args: .fd, .iovs, .nwritten),
 *   - the handler's prototype (uint16_t wr_wasi_fd_write(w, m, const wasi_fd_write_args *)),
 *   - the import's wasm signature, the argument names and what the trace shows (wasi_table.c),
 *   - the entry that decodes the raw wasm arguments into the struct (wasi_table.c).
 * A kind says how its wasm values become the field, and which guest pointers the decoder
 * checks before the handler runs: a bad one is EFAULT before anything happens.
 */
#ifndef WR_WASI_HANDLERS_H
#define WR_WASI_HANDLERS_H

#include "wasi/abi.h"
#include "wasi/state.h"

/* A guest buffer the decoder checked: p is len bytes of guest memory. */
typedef struct guest_buf {
    uint8_t *p;
    uint32_t len;
} guest_buf;

/* A guest iovec array as given: wr_wasi_guest_iovecs checks it and its buffers. */
typedef struct guest_iovs {
    uint32_t ptr, count;
} guest_iovs;

/* Each kind: its name, the C type of the field, how the decoder reads it (decode_<class> in
 * wasi_table.c), the bytes checked at a result pointer, the wasm parameters it takes ('i'
 * i32, 'I' i64) and what the trace shows of each (wr_wasi_call.arg_kinds). A kind of two
 * wasm parameters is a pointer and a length; the length's name is the field's with "_len". */
#define WASI_KINDS(K)                                                                         \
    K(FD, uint32_t, u32, 0, "i", "u")         /* an fd number */                              \
    K(U32, uint32_t, u32, 0, "i", "u")        /* a number: clock id, exit code, whence, ... */ \
    K(FLAGS, uint32_t, u32, 0, "i", "x")      /* flags, all 32 bits: handlers refuse extras */ \
    K(U64, uint64_t, u64, 0, "I", "u")        /* a size, offset, timestamp or cookie */       \
    K(S64, int64_t, s64, 0, "I", "s")         /* a signed offset */                           \
    K(RIGHTS, uint64_t, u64, 0, "I", "x")     /* a rights mask */                             \
    K(PTR, uint32_t, u32, 0, "i", "p")        /* a guest pointer the handler checks */        \
    K(OUT16, uint8_t *, out, 2, "i", "p")     /* where a result goes, checked for its size */ \
    K(OUT32, uint8_t *, out, 4, "i", "p")                                                     \
    K(OUT64, uint8_t *, out, 8, "i", "p")                                                     \
    K(FDSTAT, uint8_t *, out, FDSTAT_SIZE, "i", "p")                                          \
    K(FILESTAT, uint8_t *, out, FILESTAT_SIZE, "i", "p")                                      \
    K(PRESTAT, uint8_t *, out, PRESTAT_SIZE, "i", "p")                                        \
    K(BUF, guest_buf, buf, 0, "ii", "pu")     /* a buffer and its length, checked */          \
    K(PATH, guest_buf, buf, 0, "ii", "Pu")    /* a path and its length, checked */            \
    K(IOVS, guest_iovs, iovs, 0, "ii", "pu")  /* an iovec array and its count */

typedef enum wasi_kind {
#define WASI_KIND_ENUM(kind, type, class, size, wasm, trace) WASI_K_##kind,
    WASI_KINDS(WASI_KIND_ENUM)
#undef WASI_KIND_ENUM
    WASI_KIND_COUNT
} wasi_kind;

#define WASI_KIND_TYPE(kind, type, class, size, wasm, trace) typedef type wasi_k_##kind;
WASI_KINDS(WASI_KIND_TYPE)
#undef WASI_KIND_TYPE

/* Every function: F(name, result, parameters), result ERRNO or NONE (proc_exit), each
 * parameter P(kind, name); F0(name) for the one without parameters. */
#define WASI_FUNCTIONS(F, F0, P)                                                                   \
    F(args_get, ERRNO, P(PTR, argv) P(PTR, argv_buf))                                              \
    F(args_sizes_get, ERRNO, P(OUT32, argc) P(OUT32, argv_buf_size))                               \
    F(environ_get, ERRNO, P(PTR, environ) P(PTR, environ_buf))                                     \
    F(environ_sizes_get, ERRNO, P(OUT32, environc) P(OUT32, environ_buf_size))                     \
    F(clock_res_get, ERRNO, P(U32, id) P(OUT64, resolution))                                       \
    F(clock_time_get, ERRNO, P(U32, id) P(U64, precision) P(OUT64, time))                          \
    F(fd_advise, ERRNO, P(FD, fd) P(U64, offset) P(U64, len) P(U32, advice))                       \
    F(fd_allocate, ERRNO, P(FD, fd) P(U64, offset) P(U64, len))                                    \
    F(fd_close, ERRNO, P(FD, fd))                                                                  \
    F(fd_datasync, ERRNO, P(FD, fd))                                                               \
    F(fd_fdstat_get, ERRNO, P(FD, fd) P(FDSTAT, stat))                                             \
    F(fd_fdstat_set_flags, ERRNO, P(FD, fd) P(FLAGS, flags))                                       \
    F(fd_fdstat_set_rights, ERRNO, P(FD, fd) P(RIGHTS, fs_rights_base)                             \
                                   P(RIGHTS, fs_rights_inheriting))                                \
    F(fd_filestat_get, ERRNO, P(FD, fd) P(FILESTAT, buf))                                          \
    F(fd_filestat_set_size, ERRNO, P(FD, fd) P(U64, size))                                         \
    F(fd_filestat_set_times, ERRNO, P(FD, fd) P(U64, atim) P(U64, mtim) P(FLAGS, fst_flags))       \
    F(fd_pread, ERRNO, P(FD, fd) P(IOVS, iovs) P(U64, offset) P(OUT32, nread))                     \
    F(fd_prestat_get, ERRNO, P(FD, fd) P(PRESTAT, buf))                                            \
    F(fd_prestat_dir_name, ERRNO, P(FD, fd) P(BUF, path))                                          \
    F(fd_pwrite, ERRNO, P(FD, fd) P(IOVS, iovs) P(U64, offset) P(OUT32, nwritten))                 \
    F(fd_read, ERRNO, P(FD, fd) P(IOVS, iovs) P(OUT32, nread))                                     \
    F(fd_readdir, ERRNO, P(FD, fd) P(BUF, buf) P(U64, cookie) P(OUT32, bufused))                   \
    F(fd_renumber, ERRNO, P(FD, fd) P(FD, to))                                                     \
    F(fd_seek, ERRNO, P(FD, fd) P(S64, offset) P(U32, whence) P(OUT64, newoffset))                 \
    F(fd_sync, ERRNO, P(FD, fd))                                                                   \
    F(fd_tell, ERRNO, P(FD, fd) P(OUT64, offset))                                                  \
    F(fd_write, ERRNO, P(FD, fd) P(IOVS, iovs) P(OUT32, nwritten))                                 \
    F(path_create_directory, ERRNO, P(FD, fd) P(PATH, path))                                       \
    F(path_filestat_get, ERRNO, P(FD, fd) P(FLAGS, flags) P(PATH, path) P(FILESTAT, buf))          \
    F(path_filestat_set_times, ERRNO, P(FD, fd) P(FLAGS, flags) P(PATH, path) P(U64, atim)         \
                                      P(U64, mtim) P(FLAGS, fst_flags))                            \
    F(path_link, ERRNO, P(FD, old_fd) P(FLAGS, old_flags) P(PATH, old_path) P(FD, new_fd)          \
                        P(PATH, new_path))                                                         \
    F(path_open, ERRNO, P(FD, fd) P(FLAGS, dirflags) P(PATH, path) P(FLAGS, oflags)                \
                        P(RIGHTS, fs_rights_base) P(RIGHTS, fs_rights_inheriting)                  \
                        P(FLAGS, fdflags) P(OUT32, opened_fd))                                     \
    F(path_readlink, ERRNO, P(FD, fd) P(PATH, path) P(BUF, buf) P(OUT32, bufused))                 \
    F(path_remove_directory, ERRNO, P(FD, fd) P(PATH, path))                                       \
    F(path_rename, ERRNO, P(FD, fd) P(PATH, old_path) P(FD, new_fd) P(PATH, new_path))             \
    F(path_symlink, ERRNO, P(PATH, old_path) P(FD, fd) P(PATH, new_path))                          \
    F(path_unlink_file, ERRNO, P(FD, fd) P(PATH, path))                                            \
    F(poll_oneoff, ERRNO, P(PTR, in) P(PTR, out) P(U32, nsubscriptions) P(OUT32, nevents))         \
    F(proc_exit, NONE, P(U32, rval))                                                               \
    F(proc_raise, ERRNO, P(U32, sig))                                                              \
    F0(sched_yield)                                                                                \
    F(random_get, ERRNO, P(BUF, buf))                                                              \
    F(sock_accept, ERRNO, P(FD, fd) P(FLAGS, flags) P(OUT32, result_fd))                           \
    F(sock_recv, ERRNO, P(FD, fd) P(IOVS, ri_data) P(FLAGS, ri_flags) P(OUT32, ro_datalen)         \
                        P(OUT16, ro_flags))                                                        \
    F(sock_send, ERRNO, P(FD, fd) P(IOVS, si_data) P(FLAGS, si_flags) P(OUT32, so_datalen))        \
    F(sock_shutdown, ERRNO, P(FD, fd) P(FLAGS, how))

/* The argument structs and the handlers. A handler returns a WASI errno, or WASI_EXITED. */
#define WASI_ARG_FIELD(kind, name) wasi_k_##kind name;
#define WASI_ARG_STRUCT(name, result, params)                                                 \
    typedef struct wasi_##name##_args {                                                       \
        params                                                                                \
    } wasi_##name##_args;                                                                     \
    uint16_t wr_wasi_##name(wr_wasi *w, const guest_mem *m, const wasi_##name##_args *a);
#define WASI_NO_ARGS(name) uint16_t wr_wasi_##name(wr_wasi *w, const guest_mem *m);
WASI_FUNCTIONS(WASI_ARG_STRUCT, WASI_NO_ARGS, WASI_ARG_FIELD)
#undef WASI_ARG_FIELD
#undef WASI_ARG_STRUCT
#undef WASI_NO_ARGS

/* What the import table and the trace need of a kind. */
typedef struct wasi_kind_info {
    const char *wasm;     /* one letter per wasm parameter: 'i' i32, 'I' i64 */
    const char *trace;    /* the wr_wasi_call.arg_kinds letter of each */
} wasi_kind_info;
extern const wasi_kind_info wr_wasi_kinds[WASI_KIND_COUNT];

typedef struct wasi_param {
    wasi_kind kind;
    const char *name;     /* the witx name */
    const char *len_name; /* the name of the length that follows a two-parameter kind */
} wasi_param;

/* Decode the raw arguments (the wasm values widened to 64 bits, in order) and call the
 * handler. */
typedef uint16_t (*wasi_entry)(wr_wasi *w, const guest_mem *m, const uint64_t *raw);

/* Most wasm parameters of any function (path_open's 9); wasi_table.c checks every function
 * against it at compile time. */
enum { WASI_MAX_PARAMS = 9 };

struct wasi_import {
    const char *name;
    const wasi_param *params;
    size_t nparams;       /* entries of params, not wasm parameters */
    bool returns_errno;   /* false only for proc_exit */
    wasi_entry fn;
};

/* The whole wasi_snapshot_preview1 function table (wasi_table.c), in WASI_FUNCTIONS order. */
extern const wasi_import wr_wasi_imports[];
extern const size_t wr_wasi_import_count;

/* The wasm parameter types of an import (at most WASI_MAX_PARAMS); returns how many. */
size_t wr_wasi_import_params(const wasi_import *imp, wr_valtype *types);

/* Copy a checked guest path into a NUL-terminated host string (wr_mem_free it); EINVAL when it
 * holds a NUL, ENAMETOOLONG past PATH_MAX. */
uint16_t wr_wasi_guest_path(const wr_allocator *a, guest_buf path, char **out);
/* Gather a guest iovec array into host iovecs (*out, wr_mem_free it). Every buffer is checked;
 * together they hold at most UINT32_MAX bytes (the rest is cut), what a u32 result can
 * count. For writes and reads alike, so `const` is the caller's business. */
uint16_t wr_wasi_guest_iovecs(const wr_allocator *a, const guest_mem *m, guest_iovs iovs,
                              struct iovec **out);

/* Write a filestat in the ABI layout (FILESTAT_SIZE bytes). */
void wr_wasi_put_filestat(uint8_t *p, const wasi_filestat *st);

#endif
