/* A byte pipe feeding a command's stdin: host threads write, the guest's fd_read blocks. */
#include "reactor/internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct wr_stdin_pipe {
    pthread_mutex_t lock;
    pthread_cond_t readable;
    uint8_t *buf;
    size_t start, end, cap; /* unread bytes are buf[start, end) */
    bool eof;
    bool killed;
};

wr_stdin_pipe *wr_stdin_pipe_new(void)
{
    wr_stdin_pipe *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p);
        return NULL;
    }
    if (pthread_cond_init(&p->readable, NULL) != 0) {
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    return p;
}

void wr_stdin_pipe_free(wr_stdin_pipe *p)
{
    pthread_cond_destroy(&p->readable);
    pthread_mutex_destroy(&p->lock);
    free(p->buf);
    free(p);
}

/* Make room for len more bytes (lock held), moving unread bytes to the front first. */
static bool reserve(wr_stdin_pipe *p, size_t len)
{
    size_t unread = p->end - p->start;
    if (p->start > 0) {
        memmove(p->buf, p->buf + p->start, unread);
        p->start = 0;
        p->end = unread;
    }
    if (len <= p->cap - p->end)
        return true;
    if (len > SIZE_MAX / 2 - unread)
        return false;
    size_t cap = p->cap ? p->cap : 256;
    while (cap < unread + len)
        cap *= 2;
    uint8_t *buf = realloc(p->buf, cap);
    if (!buf)
        return false;
    p->buf = buf;
    p->cap = cap;
    return true;
}

bool wr_stdin_pipe_write(wr_stdin_pipe *p, const void *data, size_t len)
{
    pthread_mutex_lock(&p->lock);
    bool ok = !p->eof && reserve(p, len);
    if (ok && len) {
        memcpy(p->buf + p->end, data, len);
        p->end += len;
        pthread_cond_broadcast(&p->readable);
    }
    pthread_mutex_unlock(&p->lock);
    return ok;
}

void wr_stdin_pipe_close(wr_stdin_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    p->eof = true;
    pthread_cond_broadcast(&p->readable);
    pthread_mutex_unlock(&p->lock);
}

void wr_stdin_pipe_kill(wr_stdin_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    p->killed = true;
    pthread_cond_broadcast(&p->readable);
    pthread_mutex_unlock(&p->lock);
}

long wr_stdin_pipe_read(void *pipe, uint8_t *buf, size_t len)
{
    wr_stdin_pipe *p = pipe;
    pthread_mutex_lock(&p->lock);
    while (p->start == p->end && !p->eof && !p->killed)
        pthread_cond_wait(&p->readable, &p->lock);
    long n;
    if (p->killed) {
        n = -1;
    } else {
        size_t avail = p->end - p->start;
        size_t take = len < avail ? len : avail;
        if (take > (size_t)LONG_MAX)
            take = (size_t)LONG_MAX;
        memcpy(buf, p->buf + p->start, take);
        p->start += take;
        n = (long)take;
    }
    pthread_mutex_unlock(&p->lock);
    return n;
}
