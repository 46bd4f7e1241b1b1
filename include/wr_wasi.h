/*
 * wr_wasi.h - the WASI preview1 host of wasi-reactor (module "wasi_snapshot_preview1").
 *
 * Use:
 *   wr_wasi_config *cfg = wr_wasi_config_new();
 *   wr_wasi_config_arg(cfg, "prog.wasm");
 *   wr_wasi_config_preopen(cfg, "/srv/data::/data", false);
 *   wr_wasi *wasi;
 *   err = wr_wasi_new(store, cfg, &wasi);          // opens preopens and stdio files
 *   err = wr_wasi_define(linker, wasi);            // every wasi_snapshot_preview1 import
 *   err = wr_linker_instantiate(linker, store, module, &inst);
 *   err = wr_wasi_run_start(wasi, inst, &exit_code);
 *   wr_store_free(store); wr_wasi_free(wasi); wr_wasi_config_free(cfg);
 *
 * One wr_wasi serves one instance: the first instance that calls one of its functions. A
 * WASI call from any other instance traps ("each instance needs its own wr_wasi"), since the
 * fds, arguments and exit code are one guest's. It is used by the thread running that
 * instance; only wr_wasi_wake, wr_wasi_stdin_push and wr_wasi_stdin_close may be called from
 * any thread. The functions wr_wasi_define creates point at the wr_wasi, so free the store
 * (or stop calling into it) before wr_wasi_free.
 *
 * The conventions of wr.h hold here: errors are wr_error* the caller frees, strings passed in
 * are copied, a callback's user pointer is passed back as is and never freed. A config and a
 * memfs are the caller's (wr_wasi_config_free, wr_memfs_free); a config is used by one thread
 * at a time.
 *
 * Every guest pointer is checked against the memory's size: a bad one makes the call return
 * errno FAULT, never a host crash; the pointers a call writes its results to, and the buffers
 * and paths it is given, are checked before it touches any file, socket or fd, so a FAULT
 * never hides an effect. A guest can reach no host path outside its preopens.
 */
#ifndef WR_WASI_H
#define WR_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wr.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wr_wasi_config wr_wasi_config;
typedef struct wr_wasi wr_wasi;
typedef struct wr_memfs wr_memfs;

/* WASI clock ids. */
typedef enum wr_wasi_clock {
    WR_WASI_CLOCK_REALTIME = 0,
    WR_WASI_CLOCK_MONOTONIC = 1,
    WR_WASI_CLOCK_PROCESS_CPUTIME = 2,
    WR_WASI_CLOCK_THREAD_CPUTIME = 3
} wr_wasi_clock;

/* Stdin from the host: fill up to len bytes of buf and return how many (0 = end of file,
 * a negative value = an I/O error). May block; see wr_wasi_wake for what interrupts it. */
typedef long (*wr_wasi_read_fn)(void *user, uint8_t *buf, size_t len);
/* Stdout/stderr to the host: consume all len bytes. Return false for an I/O error. */
typedef bool (*wr_wasi_write_fn)(void *user, const uint8_t *buf, size_t len);
/* A clock source: store the time in nanoseconds and the resolution; return false when the
 * clock is not supported (the guest sees errno INVAL). */
typedef bool (*wr_wasi_clock_fn)(void *user, wr_wasi_clock id, uint64_t *time_ns,
                                 uint64_t *resolution_ns);
/* A random source: fill buf completely. */
typedef void (*wr_wasi_random_fn)(void *user, uint8_t *buf, size_t len);

/* One finished WASI call, as the trace hook sees it. Pointers and sizes are shown as the
 * guest passed them; 64-bit arguments (offsets, timestamps, rights) are whole. */
typedef struct wr_wasi_call {
    const char *name;               /* e.g. "fd_write" */
    size_t nargs;
    const char *const *arg_names;   /* e.g. {"fd", "iovs", "iovs_len", "nwritten"} */
    const uint64_t *args;
    uint16_t errno_value;           /* 0 = success; proc_exit reports 0 */
    const char *errno_name;         /* "success", "badf", "noent", ... */
    const char *paths[2];           /* path_* calls: their path arguments as text (cut at
                                       256 bytes), NULL when absent or not readable */
    const char *arg_kinds;          /* one letter per argument: 'u' a number, 's' a signed
                                       number, 'x' flags or rights, 'p' a guest pointer,
                                       'P' the pointer of a path (its length follows; the
                                       first 'P' is paths[0], the second paths[1]) */
} wr_wasi_call;
typedef void (*wr_wasi_trace_fn)(void *user, const wr_wasi_call *call);

/* Format one call as a line without the newline, snprintf-style: at most cap bytes with the
 * NUL are written, and the length of the whole line is returned (buf may be NULL when cap
 * is 0). For example
 *   fd_write(fd=1, iovs=0x1000, iovs_len=1, nwritten=0x2000) -> success
 *   path_open(fd=3, dirflags=0x1, path=0x400 "data/in.txt", path_len=11, ...) -> noent
 * Paths are quoted, with C escapes for quotes, backslashes and unprintable bytes. */
WR_API size_t wr_wasi_call_format(const wr_wasi_call *call, char *buf, size_t cap);
/* A ready-made trace hook: writes each call as one line to the stdio FILE * given as user
 * (stderr when NULL), e.g. wr_wasi_config_trace(cfg, wr_wasi_trace_print, NULL). */
WR_API void wr_wasi_trace_print(void *user, const wr_wasi_call *call);

/* ---------------------------------------------------------------- configuration
 * A config is only read by wr_wasi_new, so one config can make any number of instances.
 * Functions returning bool return false only when out of memory or given bad arguments. */

/* An empty config: no arguments, no environment, no preopens, the host's stdio inherited,
 * the host's clocks and random source. NULL only when out of memory. */
WR_API wr_wasi_config *wr_wasi_config_new(void);
/* cfg may be NULL. wr_wasi instances made from it are not affected; sockets it opened
 * itself (wr_wasi_config_tcplisten) are closed. */
WR_API void wr_wasi_config_free(wr_wasi_config *cfg);

/* Append one argument (argv[0] first). */
WR_API bool wr_wasi_config_arg(wr_wasi_config *cfg, const char *arg);
/* Add one environment variable (name must not contain '='). */
WR_API bool wr_wasi_config_env(wr_wasi_config *cfg, const char *name, const char *value);
/* Add "NAME=VALUE" as given (the form `wr run --env` takes). */
WR_API bool wr_wasi_config_env_pair(wr_wasi_config *cfg, const char *name_eq_value);

/* Preopen a host directory. spec is "HOST::GUEST" or "HOST" (the guest sees the same
 * path). The directory is opened by wr_wasi_new. With read_only the guest can neither
 * write nor create, rename or remove anything beneath it. */
WR_API bool wr_wasi_config_preopen(wr_wasi_config *cfg, const char *spec, bool read_only);
/* Preopen an in-memory file system (or one of its directories, dir_path, "/" for the whole)
 * under guest_path. The config keeps a reference to fs. */
WR_API bool wr_wasi_config_preopen_memfs(wr_wasi_config *cfg, wr_memfs *fs, const char *dir_path,
                                         const char *guest_path, bool read_only);

/* Preopen a listening stream socket (TCP or Unix) that the host created, bound and made
 * listen. The guest finds it after the preopened directories, in the order given, as an fd of
 * filetype SOCKET_STREAM with the rights sock_accept, fd_fdstat_set_flags, fd_filestat_get
 * and poll_fd_readwrite; the connections it accepts get fd_read, fd_write (also the rights of
 * sock_recv and sock_send), sock_shutdown, fd_fdstat_set_flags, fd_filestat_get and
 * poll_fd_readwrite. fd_prestat_get answers BADF for it, which is where wasi-libc stops
 * looking for preopened directories.
 * The config does not take host_fd: each wr_wasi_new duplicates it (failing with WR_ERR_IO
 * unless it is a listening stream socket), so close it once the instances are made. The
 * duplicate shares host_fd's file status flags and is put in non-blocking mode, so host_fd
 * becomes non-blocking too. The guest still starts in blocking mode: its blocking calls wait
 * with poll(), and wr_wasi_wake interrupts them.
 * On these fds: sock_accept takes flags NONBLOCK or 0 (else INVAL) for the new fd; a blocking
 * sock_send (or fd_write) returns once everything is sent; sock_recv's RECV_WAITALL waits for
 * full buffers, but with RECV_PEEK only for the first byte; one call of any of them moves at
 * most 4 GiB - 1 bytes, what its u32 count can hold (a short transfer beyond that); si_flags must be 0 (else INVAL);
 * ro_flags is always 0, since a stream never truncates. fd_fdstat_set_flags takes NONBLOCK
 * or 0. A host errno becomes the WASI errno of the same name. */
WR_API bool wr_wasi_config_preopen_socket(wr_wasi_config *cfg, int host_fd);
/* Bind a TCP socket to "HOST:PORT" (e.g. "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0"), make
 * it listen and preopen it as wr_wasi_config_preopen_socket does; the config owns this
 * socket and closes it when freed. What `wr run --tcplisten` does. Returns false with errno
 * set: EINVAL when the text does not parse or resolve, else why binding or listening failed. */
WR_API bool wr_wasi_config_tcplisten(wr_wasi_config *cfg, const char *host_port);

/* Stdio, for fd 0 (stdin), 1 (stdout) or 2 (stderr). The default inherits the host's own
 * fd 0, 1 and 2. An inherited fd is duplicated, so the guest shares its file status flags
 * (fd_fdstat_set_flags with NONBLOCK changes the host's fd too). */
WR_API bool wr_wasi_config_stdio_inherit(wr_wasi_config *cfg, int fd, int host_fd);
/* A host file: stdin is opened for reading, stdout/stderr are created or truncated. */
WR_API bool wr_wasi_config_stdio_file(wr_wasi_config *cfg, int fd, const char *path);
/* A callback as stdin. wr_wasi_wake cannot interrupt this one while it blocks (it does not
 * know how the callback waits): use wr_wasi_config_stdin_callback_wakeable or
 * wr_wasi_config_stdin_push for a stdin that must stay interruptible. */
WR_API bool wr_wasi_config_stdin_callback(wr_wasi_config *cfg, wr_wasi_read_fn fn, void *user);
/* What a wakeable stdin callback returns when wake_fn interrupted it. */
enum { WR_WASI_READ_WOKEN = -2 };
typedef void (*wr_wasi_wake_fn)(void *user);
/* A blocking stdin callback that wr_wasi_wake interrupts: wr_wasi_wake calls wake_fn(user)
 * on the waking thread, which must make the read_fn call blocked at that moment, or else
 * the next one to start, return WR_WASI_READ_WOKEN soon, once. The guest then sees errno
 * INTR as for any woken read; a WR_WASI_READ_WOKEN for a wake that another wait (e.g.
 * poll_oneoff) already took is not passed on, read_fn is simply called again. */
WR_API bool wr_wasi_config_stdin_callback_wakeable(wr_wasi_config *cfg, wr_wasi_read_fn read_fn,
                                                   wr_wasi_wake_fn wake_fn, void *user);
/* Stdin fed by host threads with wr_wasi_stdin_push and ended with wr_wasi_stdin_close.
 * Each wr_wasi made from the config gets its own empty queue. */
WR_API bool wr_wasi_config_stdin_push(wr_wasi_config *cfg);
/* A callback as stdout (fd 1) or stderr (fd 2); false for any other fd or a NULL fn. fn is
 * called on the thread running the guest, during its fd_write, with the guest's bytes (valid
 * only during the call); returning false gives the guest errno IO. user is passed as is and
 * never freed: it must outlive every wr_wasi made from this config. */
WR_API bool wr_wasi_config_output_callback(wr_wasi_config *cfg, int fd, wr_wasi_write_fn fn,
                                           void *user);
/* What fd_fdstat_get reports for a stdio fd: 1 = a terminal (character device), 0 = not a
 * terminal, -1 (the default) = whatever the host says about an inherited fd. */
WR_API bool wr_wasi_config_isatty(wr_wasi_config *cfg, int fd, int answer);

/* Limits on what one guest can make the host hold.
 * max_fds: how many fds the guest may have open at once, stdio, preopens and sockets
 * included (default 1024, at least 3); every open fd may be a host fd, so this also bounds
 * the host fds an instance takes. path_open and sock_accept beyond it fail with errno MFILE,
 * and wr_wasi_new fails with WR_ERR_LIMIT when the preopens alone do not fit.
 * max_poll_subscriptions: the most subscriptions one poll_oneoff takes (default 4096, at
 * least 1; the host needs about 48 bytes for each); more is errno INVAL, as Linux's poll()
 * says for more fds than it allows.
 * Both return false for a value below the minimum, leaving the config as it was. */
WR_API bool wr_wasi_config_max_fds(wr_wasi_config *cfg, uint32_t max);
WR_API bool wr_wasi_config_max_poll_subscriptions(wr_wasi_config *cfg, uint32_t max);

/* Replace the host clocks / random source, e.g. for deterministic tests. */
WR_API void wr_wasi_config_clock(wr_wasi_config *cfg, wr_wasi_clock_fn fn, void *user);
WR_API void wr_wasi_config_random(wr_wasi_config *cfg, wr_wasi_random_fn fn, void *user);
/* Call fn after every WASI call. */
WR_API void wr_wasi_config_trace(wr_wasi_config *cfg, wr_wasi_trace_fn fn, void *user);

/* ---------------------------------------------------------------- per-instance state */

/* Build the WASI state in store from cfg (read only, so one config makes many): open the
 * preopens and stdio files. Errors: WR_ERR_IO (a directory or file that cannot be opened,
 * named in the message), WR_ERR_LIMIT (more stdio, preopens and sockets than
 * wr_wasi_config_max_fds allows), WR_ERR_NOMEM; *out is NULL then. The caller owns the
 * wr_wasi and frees it after the store (see above). */
WR_API wr_error *wr_wasi_new(wr_store *store, const wr_wasi_config *cfg, wr_wasi **out);
/* Close every fd the guest has open and free the state. wasi may be NULL. */
WR_API void wr_wasi_free(wr_wasi *wasi);
/* Define every wasi_snapshot_preview1 function in the linker, as host functions of the
 * store given to wr_wasi_new. Only WR_ERR_NOMEM. */
WR_API wr_error *wr_wasi_define(wr_linker *linker, wr_wasi *wasi);
/* Call the instance's "_start". A normal return gives exit code 0, proc_exit(n) gives n;
 * both return NULL. A trap or a missing "_start" (WR_ERR_LINK) returns the error, and so
 * does an instance other than the one this wr_wasi serves (WR_ERR_ARG). */
WR_API wr_error *wr_wasi_run_start(wr_wasi *wasi, wr_instance *instance, int *exit_code);
/* The code the guest passed to proc_exit, or -1 while it has not called it. */
WR_API int wr_wasi_exit_code(const wr_wasi *wasi);
/* Make a blocking call (a read or write on a host pipe or terminal, a read of pushed stdin,
 * sock_accept, sock_recv or sock_send, poll_oneoff) return now: the read gives errno INTR
 * (a socket call that already moved some bytes returns those instead), poll_oneoff returns
 * the events ready so far. Safe from any thread. Each wake interrupts at most one wait that is in progress or
 * the next one to start. A stdin callback that blocks is interrupted only when it is
 * wakeable (wr_wasi_config_stdin_callback_wakeable).
 * To stop a guest, call wr_store_interrupt and then wr_wasi_wake: any WASI call that returns
 * while the store's interrupt request is set traps with WR_TRAP_INTERRUPTED instead of
 * returning to the guest, so the guest never sees that EINTR. */
WR_API void wr_wasi_wake(wr_wasi *wasi);
/* Append bytes to the guest's stdin (wr_wasi_config_stdin_push only). Safe from any thread
 * while the wr_wasi lives; a guest blocked reading stdin, or polling it, wakes. Returns false
 * without stdin_push, after wr_wasi_stdin_close, or when out of memory. */
WR_API bool wr_wasi_stdin_push(wr_wasi *wasi, const void *bytes, size_t len);
/* End of file once the guest has read what was pushed. Safe from any thread; repeating it
 * does nothing. */
WR_API void wr_wasi_stdin_close(wr_wasi *wasi);
/* Drop a wake that no wait has consumed, e.g. before the next call of a reused instance.
 * Only from the thread that runs the instance. */
WR_API void wr_wasi_clear_wake(wr_wasi *wasi);

/* ---------------------------------------------------------------- in-memory file system
 * A tree of directories, files and symlinks that never touches the disk. The host fills
 * it before a run and reads it back after; guests see it through a preopen. Paths are
 * '/'-separated, relative to the root (a leading '/' is allowed); symlinks are not followed
 * by these functions except where said. Timestamps are nanoseconds since the epoch.
 * It is safe to use one memfs from several threads. */

/* An empty file system (a root directory) with a 1 GiB cap; NULL only when out of memory.
 * Reference-counted: the caller holds one reference. The functions below return
 * WR_ERR_ARG for a path that does not fit the tree (missing, exists, not a directory, is a
 * directory: the message names the path and the errno), WR_ERR_IO for the rest (e.g.
 * "nospc" past the cap), WR_ERR_NOMEM. */
WR_API wr_memfs *wr_memfs_new(void);
/* Drop the caller's reference; configs and open guest files keep their own. */
WR_API void wr_memfs_free(wr_memfs *fs);
/* Cap what the file system holds (content, names, per-file overhead) in bytes; writes and
 * creations past it fail with ENOSPC. 0 = no cap; a new memfs has 1 GiB. */
WR_API void wr_memfs_set_limit(wr_memfs *fs, uint64_t bytes);
/* Create a directory and any missing parents (mkdir -p). */
WR_API wr_error *wr_memfs_mkdir(wr_memfs *fs, const char *path, uint64_t mtime_ns);
/* Create or replace a file with the given content; missing parents are created. */
WR_API wr_error *wr_memfs_write_file(wr_memfs *fs, const char *path, const void *data, size_t len,
                                     uint64_t mtime_ns);
/* Create a symlink at path pointing at target (stored as given, resolved when followed). */
WR_API wr_error *wr_memfs_symlink(wr_memfs *fs, const char *path, const char *target);
/* A copy of a file's content (symlinks followed); free *data with free(). */
WR_API wr_error *wr_memfs_read_file(wr_memfs *fs, const char *path, uint8_t **data, size_t *len);

typedef enum wr_memfs_kind { WR_MEMFS_FILE, WR_MEMFS_DIR, WR_MEMFS_SYMLINK } wr_memfs_kind;
typedef struct wr_memfs_stat {
    wr_memfs_kind kind;
    uint64_t size; /* file: bytes; symlink: target length; directory: entries */
    uint64_t ino, nlink, atime_ns, mtime_ns, ctime_ns;
} wr_memfs_stat;
/* What path is (not followed when a symlink). */
WR_API wr_error *wr_memfs_stat_path(wr_memfs *fs, const char *path, wr_memfs_stat *out);
/* Set path's access and modification times. */
WR_API wr_error *wr_memfs_set_times(wr_memfs *fs, const char *path, uint64_t atime_ns,
                                    uint64_t mtime_ns);
/* Call fn for every entry of a directory, in name order ("." and ".." left out). fn runs
 * with the memfs locked, so it must not call back into the same memfs. */
typedef void (*wr_memfs_list_fn)(void *user, const char *name, wr_memfs_kind kind);
WR_API wr_error *wr_memfs_list(wr_memfs *fs, const char *path, wr_memfs_list_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif
