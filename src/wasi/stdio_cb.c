/* Stdio endpoints that call host functions instead of using an fd. */
#include <stdlib.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/fs.h"
#include "wasi/wait.h"
#include "wr_wasi.h"

typedef struct cb_file {
    wasi_file base;
    long (*read_fn)(void *, uint8_t *, size_t);
    bool (*write_fn)(void *, const uint8_t *, size_t);
    void *user;
    bool wakeable;
} cb_file;

static void cb_close(wasi_file *f) { wr_mem_free(f); }

/* One callback per call: it may block, and a short read is a complete answer. */
static uint16_t cb_read(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    cb_file *c = (cb_file *)f;
    if (offset >= 0)
        return WASI_ESPIPE;
    *done = 0;
    for (size_t i = 0; i < n; i++) {
        if (!iov[i].iov_len)
            continue;
        long r = c->read_fn(c->user, iov[i].iov_base, iov[i].iov_len);
        while (c->wakeable && r == WR_WASI_READ_WOKEN) {
            if (f->wake_fd >= 0 && wr_wasi_wake_consume(f->wake_fd))
                return WASI_EINTR;
            /* That wake was already spent on another wait: this read goes on. */
            r = c->read_fn(c->user, iov[i].iov_base, iov[i].iov_len);
        }
        if (r < 0)
            return WASI_EIO;
        *done = (size_t)r < iov[i].iov_len ? (size_t)r : iov[i].iov_len;
        break;
    }
    return 0;
}

static uint16_t cb_write(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    cb_file *c = (cb_file *)f;
    if (offset >= 0)
        return WASI_ESPIPE;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (iov[i].iov_len && !c->write_fn(c->user, iov[i].iov_base, iov[i].iov_len))
            return WASI_EIO;
        total += iov[i].iov_len;
    }
    *done = total;
    return 0;
}

static uint16_t cb_stat(wasi_file *f, wasi_filestat *st)
{
    *st = (wasi_filestat){.filetype = f->filetype, .nlink = 1};
    return 0;
}

static uint16_t cb_set_flags(wasi_file *f, uint16_t fdflags)
{
    f->fdflags = fdflags;
    return 0;
}

static int cb_poll_fd(wasi_file *f)
{
    (void)f;
    return -1;
}

static const wasi_file_ops stdin_ops = {
    .close = cb_close, .read = cb_read, .stat = cb_stat, .set_flags = cb_set_flags,
    .poll_fd = cb_poll_fd,
};
static const wasi_file_ops output_ops = {
    .close = cb_close, .write = cb_write, .stat = cb_stat, .set_flags = cb_set_flags,
    .poll_fd = cb_poll_fd,
};

static wasi_file *cb_new(const wr_allocator *a, const wasi_file_ops *ops,
                         long (*rfn)(void *, uint8_t *, size_t),
                         bool (*wfn)(void *, const uint8_t *, size_t), bool wakeable, void *user)
{
    cb_file *c = wr_mem_zalloc(a, 1, sizeof *c);
    if (!c)
        return NULL;
    c->base = (wasi_file){.ops = ops, .filetype = WASI_FILETYPE_UNKNOWN, .wake_fd = -1};
    c->read_fn = rfn;
    c->write_fn = wfn;
    c->user = user;
    c->wakeable = wakeable;
    return &c->base;
}

wasi_file *wr_wasi_stdin_cb_new(const wr_allocator *a, long (*fn)(void *, uint8_t *, size_t),
                                bool wakeable, void *user)
{
    return cb_new(a, &stdin_ops, fn, NULL, wakeable, user);
}

wasi_file *wr_wasi_output_cb_new(const wr_allocator *a, bool (*fn)(void *, const uint8_t *,
                                                                   size_t), void *user)
{
    return cb_new(a, &output_ops, NULL, fn, false, user);
}
