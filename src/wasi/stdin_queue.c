/*
 * Stdin fed by the host from any thread (wr_wasi_stdin_push / wr_wasi_stdin_close).
 *
 * The bytes wait in a buffer under a mutex. An eventfd mirrors "something to read" (bytes or
 * end of file) so that a guest blocked in fd_read or poll_oneoff sleeps in poll() on it
 * together with the instance's wake-up fd: a push, the close and wr_wasi_wake all end the
 * wait, with no condition variable that wr_wasi_wake would have to know about.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/fs.h"
#include "wasi/wait.h"

struct wasi_stdin_queue {
    pthread_mutex_t lock;
    uint8_t *buf;
    size_t start, end, cap; /* unread bytes are buf[start, end) */
    bool eof;
    int ready_fd;           /* readable exactly while there are bytes or end of file */
    bool ready_signalled;
};

typedef struct queue_file {
    wasi_file base;
    wasi_stdin_queue *queue; /* owned by the wr_wasi, which outlives its files */
} queue_file;

wasi_stdin_queue *wr_wasi_stdin_queue_new(const wr_allocator *a)
{
    wasi_stdin_queue *q = wr_mem_zalloc(a, 1, sizeof *q);
    if (!q)
        return NULL;
    q->ready_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (q->ready_fd < 0 || pthread_mutex_init(&q->lock, NULL) != 0) {
        if (q->ready_fd >= 0)
            close(q->ready_fd);
        wr_mem_free(q);
        return NULL;
    }
    return q;
}

void wr_wasi_stdin_queue_free(wasi_stdin_queue *q)
{
    if (!q)
        return;
    pthread_mutex_destroy(&q->lock);
    close(q->ready_fd);
    wr_mem_free(q->buf);
    wr_mem_free(q);
}

/* Make the eventfd match the buffer (lock held). */
static void update_ready(wasi_stdin_queue *q)
{
    bool ready = q->end > q->start || q->eof;
    if (ready && !q->ready_signalled) {
        uint64_t one = 1;
        q->ready_signalled = write(q->ready_fd, &one, sizeof one) == (ssize_t)sizeof one;
    } else if (!ready && q->ready_signalled) {
        uint64_t count;
        q->ready_signalled = read(q->ready_fd, &count, sizeof count) != (ssize_t)sizeof count;
    }
}

/* Room for len more bytes (lock held): unread bytes move to the front first. */
static bool reserve(wasi_stdin_queue *q, size_t len)
{
    size_t unread = q->end - q->start;
    if (q->start) {
        memmove(q->buf, q->buf + q->start, unread);
        q->start = 0;
        q->end = unread;
    }
    if (len <= q->cap - q->end)
        return true;
    if (len > SIZE_MAX / 2 - unread)
        return false;
    size_t cap = q->cap ? q->cap : 256;
    while (cap < unread + len)
        cap *= 2;
    uint8_t *bigger = wr_mem_realloc(wr_mem_owner(q), q->buf, cap, 1);
    if (!bigger)
        return false;
    q->buf = bigger;
    q->cap = cap;
    return true;
}

bool wr_wasi_stdin_queue_push(wasi_stdin_queue *q, const void *data, size_t len)
{
    pthread_mutex_lock(&q->lock);
    bool ok = !q->eof && (!len || reserve(q, len));
    if (ok && len) {
        memcpy(q->buf + q->end, data, len);
        q->end += len;
        update_ready(q);
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

void wr_wasi_stdin_queue_close(wasi_stdin_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->eof = true;
    update_ready(q);
    pthread_mutex_unlock(&q->lock);
}

/* Copy what is there into the buffers; false when there is nothing yet (lock taken here). */
static bool take(wasi_stdin_queue *q, const struct iovec *iov, size_t n, size_t *done)
{
    pthread_mutex_lock(&q->lock);
    bool answered = q->end > q->start || q->eof;
    *done = 0;
    for (size_t i = 0; i < n && q->end > q->start; i++) {
        size_t avail = q->end - q->start;
        size_t part = iov[i].iov_len < avail ? iov[i].iov_len : avail;
        if (part)
            memcpy(iov[i].iov_base, q->buf + q->start, part);
        q->start += part;
        *done += part;
    }
    update_ready(q);
    pthread_mutex_unlock(&q->lock);
    return answered;
}

static uint16_t queue_read(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    wasi_stdin_queue *q = ((queue_file *)f)->queue;
    if (offset >= 0)
        return WASI_ESPIPE;
    size_t wanted = 0;
    for (size_t i = 0; i < n && !wanted; i++)
        wanted = iov[i].iov_len;
    if (!wanted) { /* like read(2): asking for nothing never waits */
        *done = 0;
        return 0;
    }
    while (!take(q, iov, n, done)) {
        if (f->fdflags & WASI_FDFLAG_NONBLOCK)
            return WASI_EAGAIN;
        uint16_t err = wr_wasi_wait_fd(q->ready_fd, false, f->wake_fd);
        if (err)
            return err;
    }
    return 0;
}

static void queue_close(wasi_file *f) { wr_mem_free(f); }

static uint16_t queue_stat(wasi_file *f, wasi_filestat *st)
{
    *st = (wasi_filestat){.filetype = f->filetype, .nlink = 1};
    return 0;
}

static uint16_t queue_set_flags(wasi_file *f, uint16_t fdflags)
{
    f->fdflags = fdflags;
    return 0;
}

static int queue_poll_fd(wasi_file *f) { return ((queue_file *)f)->queue->ready_fd; }

static void queue_read_ready(wasi_file *f, uint64_t *nbytes, bool *hangup)
{
    wasi_stdin_queue *q = ((queue_file *)f)->queue;
    pthread_mutex_lock(&q->lock);
    *nbytes = q->end - q->start;
    *hangup = q->eof && q->end == q->start;
    pthread_mutex_unlock(&q->lock);
}

static const wasi_file_ops queue_ops = {
    .close = queue_close, .read = queue_read, .stat = queue_stat, .set_flags = queue_set_flags,
    .poll_fd = queue_poll_fd, .read_ready = queue_read_ready,
};

wasi_file *wr_wasi_stdin_queue_file(wasi_stdin_queue *q)
{
    queue_file *f = wr_mem_zalloc(wr_mem_owner(q), 1, sizeof *f);
    if (!f)
        return NULL;
    f->base = (wasi_file){.ops = &queue_ops, .filetype = WASI_FILETYPE_UNKNOWN, .wake_fd = -1};
    f->queue = q;
    return &f->base;
}
