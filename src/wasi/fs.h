/*
 * The interface every kind of open file implements: host files and directories
 * (fs_host.c), in-memory ones (fs_mem.c) and stdio endpoints given as callbacks
 * (stdio_cb.c). The WASI functions check rights, decode guest memory and call these; the
 * implementations only do the file system work. Every operation returns a WASI errno.
 *
 * Paths given to the *_at operations are host strings (NUL-terminated, no NUL inside),
 * relative to the directory; an implementation must never resolve one to anything outside
 * that directory.
 */
#ifndef WR_WASI_FS_H
#define WR_WASI_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "util/alloc.h"

typedef struct wasi_file wasi_file;

typedef struct wasi_filestat {
    uint64_t dev, ino;
    uint8_t filetype;
    uint64_t nlink, size, atim, mtim, ctim;
} wasi_filestat;

/* Receives one directory entry; returns false to stop (the guest's buffer is full). */
typedef bool (*wasi_dirent_fn)(void *ctx, uint64_t next_cookie, uint64_t ino, uint8_t filetype,
                               const char *name, size_t name_len);

/* How path_open wants the file. */
typedef struct wasi_open_req {
    bool follow;       /* follow a symlink in the last component */
    uint16_t oflags;   /* WASI_OFLAG_* */
    uint16_t fdflags;  /* WASI_FDFLAG_* */
    bool read, write;  /* the access the rights ask for */
} wasi_open_req;

typedef struct wasi_file_ops {
    void (*close)(wasi_file *f);
    /* offset < 0: at (and advancing) the file position. */
    uint16_t (*read)(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done);
    uint16_t (*write)(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done);
    uint16_t (*seek)(wasi_file *f, int64_t delta, int whence, uint64_t *pos);
    uint16_t (*stat)(wasi_file *f, wasi_filestat *st);
    uint16_t (*set_size)(wasi_file *f, uint64_t size);
    uint16_t (*set_times)(wasi_file *f, uint64_t atim, uint64_t mtim, uint16_t fstflags);
    uint16_t (*sync)(wasi_file *f, bool data_only);
    uint16_t (*allocate)(wasi_file *f, uint64_t offset, uint64_t len);
    uint16_t (*advise)(wasi_file *f, uint64_t offset, uint64_t len, uint8_t advice);
    uint16_t (*set_flags)(wasi_file *f, uint16_t fdflags);
    uint16_t (*readdir)(wasi_file *f, uint64_t cookie, wasi_dirent_fn emit, void *ctx);
    /* The host fd to poll() for readiness, or -1 when the file is always ready. */
    int (*poll_fd)(wasi_file *f);
    /* Optional: what poll_oneoff reports for a ready read when the host fd cannot say. */
    void (*read_ready)(wasi_file *f, uint64_t *nbytes, bool *hangup);

    uint16_t (*open_at)(wasi_file *dir, const char *path, const wasi_open_req *req, wasi_file **out);
    uint16_t (*stat_at)(wasi_file *dir, const char *path, bool follow, wasi_filestat *st);
    uint16_t (*set_times_at)(wasi_file *dir, const char *path, bool follow, uint64_t atim,
                             uint64_t mtim, uint16_t fstflags);
    uint16_t (*mkdir_at)(wasi_file *dir, const char *path);
    uint16_t (*rmdir_at)(wasi_file *dir, const char *path);
    uint16_t (*unlink_at)(wasi_file *dir, const char *path);
    uint16_t (*symlink_at)(const char *target, wasi_file *dir, const char *path);
    uint16_t (*readlink_at)(wasi_file *dir, const char *path, char *buf, size_t cap, size_t *len);
    /* dir2 has the same ops as dir (the caller checks). */
    uint16_t (*link_at)(wasi_file *dir, const char *path, bool follow, wasi_file *dir2,
                        const char *path2);
    uint16_t (*rename_at)(wasi_file *dir, const char *path, wasi_file *dir2, const char *path2);

    /* Sockets implement all four; every other file leaves them NULL, which the sock_* calls
     * answer with ENOTSOCK. Flags are checked by the callers. */
    /* A new connection, starting with fdflags (WASI_FDFLAG_NONBLOCK or 0). */
    uint16_t (*accept)(wasi_file *f, uint16_t fdflags, wasi_file **out);
    /* riflags: WASI_RIFLAG_*. A stream never truncates, so there are no roflags to return. */
    uint16_t (*recv)(wasi_file *f, const struct iovec *iov, size_t n, uint16_t riflags, size_t *done);
    uint16_t (*send)(wasi_file *f, const struct iovec *iov, size_t n, size_t *done);
    /* how: WASI_SDFLAG_RD, WASI_SDFLAG_WR or both. */
    uint16_t (*shutdown)(wasi_file *f, uint8_t how);
} wasi_file_ops;

struct wasi_file {
    const wasi_file_ops *ops;
    uint8_t filetype;  /* WASI_FILETYPE_* */
    uint16_t fdflags;  /* as fd_fdstat_get reports them */
    int wake_fd;       /* the instance's wake-up fd, for reads that block; -1 when none */
};

/* Set-times requests with both X and X_NOW set are invalid; the callers check this. */
static inline bool wasi_fstflags_valid(uint16_t fst)
{
    return !(fst & ~0xFu) && !((fst & 1) && (fst & 2)) && !((fst & 4) && (fst & 8));
}

/* Host files and directories (fs_host.c). */
/* Wrap an open host fd (taken over). use_openat2 picks the path resolver. */
uint16_t wr_wasi_host_file_new(const wr_allocator *a, int fd, bool use_openat2, wasi_file **out);
/* Open a host directory for a preopen. Returns a host errno (0 on success). */
int wr_wasi_host_dir_open(const wr_allocator *a, const char *path, bool use_openat2,
                          wasi_file **out);
/* A host stat in the ABI's terms. */
void wr_wasi_filestat_of_host(const struct stat *st, wasi_filestat *out);
/* Whether this kernel has openat2 (asked once per instance; a probe costs one syscall). */
bool wr_wasi_host_has_openat2(void);

/* Stream sockets (sock_file.c). The host fd is taken over and switched to non-blocking
 * mode: a guest's blocking call waits with poll() on it and the wake-up fd instead. */
uint16_t wr_wasi_socket_new(const wr_allocator *a, int fd, uint16_t fdflags, wasi_file **out);

/* Stdio endpoints that call back into the host (stdio_cb.c). */
/* A wakeable stdin callback's WR_WASI_READ_WOKEN becomes EINTR when it consumes a wake. */
wasi_file *wr_wasi_stdin_cb_new(const wr_allocator *a, long (*fn)(void *, uint8_t *, size_t),
                                bool wakeable, void *user);
wasi_file *wr_wasi_output_cb_new(const wr_allocator *a, bool (*fn)(void *, const uint8_t *,
                                                                   size_t), void *user);

/* Stdin pushed by host threads (stdin_queue.c). The queue belongs to the wr_wasi and must
 * outlive the files made from it; push and close are safe from any thread. */
typedef struct wasi_stdin_queue wasi_stdin_queue;
wasi_stdin_queue *wr_wasi_stdin_queue_new(const wr_allocator *a);
void wr_wasi_stdin_queue_free(wasi_stdin_queue *q);
/* False after the close or when out of memory. */
bool wr_wasi_stdin_queue_push(wasi_stdin_queue *q, const void *data, size_t len);
void wr_wasi_stdin_queue_close(wasi_stdin_queue *q);
wasi_file *wr_wasi_stdin_queue_file(wasi_stdin_queue *q);

#endif
