/* Stream sockets: a listener the host preopened and the connections accepted from it.
 * Blocking is only the guest's view (its fdflags): the host fd never blocks, and a blocking
 * call waits with poll() on it and the wake-up fd, so that wr_wasi_wake interrupts it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/fs.h"
#include "wasi/wait.h"

typedef struct sock_file {
    wasi_file base;
    int fd;
} sock_file;

static int fd_of(const wasi_file *f) { return ((const sock_file *)f)->fd; }

static bool blocks(const wasi_file *f) { return !(f->fdflags & WASI_FDFLAG_NONBLOCK); }

static uint16_t host_err(void) { return wr_wasi_errno_from_host(errno); }

static void sock_close(wasi_file *f)
{
    close(fd_of(f));
    wr_mem_free(f);
}

/* Drop the first n bytes from the buffers *iov[0 .. *count). */
static void consume(struct iovec **iov, size_t *count, size_t n)
{
    while (*count && n >= (*iov)->iov_len) {
        n -= (*iov)->iov_len;
        (*iov)++;
        (*count)--;
    }
    if (*count) {
        (*iov)->iov_base = (uint8_t *)(*iov)->iov_base + n;
        (*iov)->iov_len -= n;
    }
}

/* MSG_DONTWAIT although the fd is non-blocking: the host shares the file status flags of a
 * preopened socket and may clear O_NONBLOCK again. MSG_NOSIGNAL: a peer that went away is
 * EPIPE for the guest, not a SIGPIPE for the host. */
static ssize_t move_once(int fd, struct iovec *iov, size_t n, int flags, bool sending)
{
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = n};
    ssize_t r;
    do
        r = sending ? sendmsg(fd, &msg, flags | MSG_DONTWAIT | MSG_NOSIGNAL)
                    : recvmsg(fd, &msg, flags | MSG_DONTWAIT);
    while (r < 0 && errno == EINTR);
    return r;
}

/* Move bytes once, or with `whole` until the buffers are full (or sent), the stream ends or
 * an error comes. A blocking guest waits between tries. Bytes already moved are the answer
 * when an error or a wake comes later; the error shows again on the next call. */
static uint16_t transfer(wasi_file *f, const struct iovec *given, size_t n, int flags,
                         bool sending, bool whole, size_t *done)
{
    struct iovec *copy = NULL, *iov = (struct iovec *)given;
    if (whole && n) { /* only a copy may be advanced */
        copy = wr_mem_alloc(wr_mem_owner(f), n, sizeof *copy);
        if (!copy)
            return WASI_ENOMEM;
        memcpy(copy, given, n * sizeof *copy);
        iov = copy;
    }
    size_t total = 0;
    uint16_t err = 0;
    for (;;) {
        ssize_t r = move_once(fd_of(f), iov, n, flags, sending);
        if (r > 0) {
            total += (size_t)r;
            if (!whole)
                break;
            consume(&iov, &n, (size_t)r);
            if (!n)
                break;
            continue;
        }
        if (r == 0) /* the end of the stream, or nothing to send */
            break;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            err = host_err();
        else if (!blocks(f))
            err = WASI_EAGAIN;
        else
            err = wr_wasi_wait_fd(fd_of(f), sending, f->wake_fd);
        if (err)
            break;
    }
    wr_mem_free(copy);
    if (err && !total)
        return err;
    *done = total;
    return 0;
}

static uint16_t sock_recv(wasi_file *f, const struct iovec *iov, size_t n, uint16_t riflags,
                          size_t *done)
{
    int flags = riflags & WASI_RIFLAG_RECV_PEEK ? MSG_PEEK : 0;
    /* A peek leaves the bytes where they are, so it cannot gather more of them in steps:
     * with PEEK, WAITALL waits only for the first byte. */
    bool whole = (riflags & WASI_RIFLAG_RECV_WAITALL) && !(flags & MSG_PEEK);
    return transfer(f, iov, n, flags, false, whole, done);
}

/* A blocking send, like a blocking write on a host socket, returns once all is sent. */
static uint16_t sock_send(wasi_file *f, const struct iovec *iov, size_t n, size_t *done)
{
    return transfer(f, iov, n, 0, true, blocks(f), done);
}

static uint16_t sock_read(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    return offset >= 0 ? WASI_ESPIPE : sock_recv(f, iov, n, 0, done);
}

static uint16_t sock_write(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    return offset >= 0 ? WASI_ESPIPE : sock_send(f, iov, n, done);
}

static uint16_t sock_accept(wasi_file *f, uint16_t fdflags, wasi_file **out)
{
    for (;;) {
        int fd = accept4(fd_of(f), NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0)
            return wr_wasi_socket_new(wr_mem_owner(f), fd, fdflags, out);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return host_err();
        if (!blocks(f))
            return WASI_EAGAIN;
        uint16_t err = wr_wasi_wait_fd(fd_of(f), false, f->wake_fd);
        if (err)
            return err;
    }
}

static uint16_t sock_shutdown(wasi_file *f, uint8_t how)
{
    int host_how = how == (WASI_SDFLAG_RD | WASI_SDFLAG_WR) ? SHUT_RDWR
                 : how == WASI_SDFLAG_RD                    ? SHUT_RD
                                                            : SHUT_WR;
    return shutdown(fd_of(f), host_how) < 0 ? host_err() : 0;
}

static uint16_t sock_stat(wasi_file *f, wasi_filestat *out)
{
    struct stat st;
    if (fstat(fd_of(f), &st) < 0)
        return host_err();
    wr_wasi_filestat_of_host(&st, out);
    return 0;
}

/* The host fd stays non-blocking whatever the guest asks; APPEND means nothing here. */
static uint16_t sock_set_flags(wasi_file *f, uint16_t fdflags)
{
    if (fdflags & ~WASI_FDFLAG_NONBLOCK)
        return WASI_EINVAL;
    f->fdflags = fdflags;
    return 0;
}

static int sock_poll_fd(wasi_file *f) { return fd_of(f); }

/* A stream whose peer has finished reads as ready with nothing in it: that is a hangup. */
static void sock_read_ready(wasi_file *f, uint64_t *nbytes, bool *hangup)
{
    int n = 0;
    if (ioctl(fd_of(f), FIONREAD, &n) == 0 && n > 0) {
        *nbytes = (uint64_t)n;
        return;
    }
    char byte;
    if (recv(fd_of(f), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
        *hangup = true;
}

static const wasi_file_ops sock_ops = {
    .close = sock_close, .read = sock_read, .write = sock_write, .stat = sock_stat,
    .set_flags = sock_set_flags, .poll_fd = sock_poll_fd, .read_ready = sock_read_ready,
    .accept = sock_accept, .recv = sock_recv, .send = sock_send, .shutdown = sock_shutdown,
};

uint16_t wr_wasi_socket_new(const wr_allocator *a, int fd, uint16_t fdflags, wasi_file **out)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        uint16_t err = host_err();
        close(fd);
        return err;
    }
    sock_file *s = wr_mem_zalloc(a, 1, sizeof *s);
    if (!s) {
        close(fd);
        return WASI_ENOMEM;
    }
    s->base = (wasi_file){.ops = &sock_ops, .filetype = WASI_FILETYPE_SOCKET_STREAM,
                          .fdflags = fdflags & WASI_FDFLAG_NONBLOCK, .wake_fd = -1};
    s->fd = fd;
    *out = &s->base;
    return 0;
}
