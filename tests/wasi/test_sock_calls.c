/*
 * The sock_* functions, and the fd_* ones on sockets, called directly on a guest memory the
 * test makes up, against loopback clients: errno for bad fds, flags and pointers, rights,
 * non-blocking and blocking modes, peek and wait-all, poll_oneoff, shutdown, a wake; and
 * the config: what wr_wasi_config_preopen_socket accepts and wr_wasi_config_tcplisten.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/un.h>

#include "check.h"
#include "sock_util.h"
#include "test_util.h"
#include "wasi/abi.h"
#include "wasi/state.h"

static check_counts counts;

enum { MEM_SIZE = 65536 };

/* Memory layout of these tests. */
enum {
    RESULT = 0, IOV = 16, RO_DATALEN = 32, RO_FLAGS = 36, SO_DATALEN = 40, NEVENTS = 44,
    FDSTAT = 64, SUBS = 128, EVENTS = 256, BUF = 1024
};

/* poll_oneoff on one fd (userdata 9) with a 5 s clock (userdata 1) in case nothing comes. */
static uint16_t poll_fd(wr_wasi *w, const guest_mem *m, uint32_t fd, uint8_t type)
{
    uint8_t *p = m->base + SUBS;
    memset(p, 0, 2 * SUBSCRIPTION_SIZE);
    put_u64(p + SUB_USERDATA, 9);
    p[SUB_TAG] = type;
    put_u32(p + SUB_FD, fd);
    p += SUBSCRIPTION_SIZE;
    put_u64(p + SUB_USERDATA, 1);
    p[SUB_TAG] = WASI_EVENTTYPE_CLOCK;
    put_u32(p + SUB_CLOCK_ID, WR_WASI_CLOCK_MONOTONIC);
    put_u64(p + SUB_CLOCK_TIMEOUT, (uint64_t)SOCK_TEST_TIMEOUT_S * 1000000000u);
    return CALL(w, m, "poll_oneoff", SUBS, EVENTS, 2, NEVENTS);
}

/* One sock_recv into BUF (up to len bytes); the byte count, or minus the errno. */
static int recv_into(wr_wasi *w, const guest_mem *m, uint32_t fd, uint32_t len, uint16_t flags)
{
    put_iovec(m->base, IOV, BUF, len);
    uint16_t err = CALL(w, m, "sock_recv", fd, IOV, 1, flags, RO_DATALEN, RO_FLAGS);
    if (err)
        return -(int)err;
    CHECK_EQ(&counts, get_u16(m->base + RO_FLAGS), 0);
    return (int)get_u32(m->base + RO_DATALEN);
}

static int send_text_from(wr_wasi *w, const guest_mem *m, uint32_t fd, const char *text)
{
    memcpy(m->base + BUF, text, strlen(text));
    put_iovec(m->base, IOV, BUF, (uint32_t)strlen(text));
    uint16_t err = CALL(w, m, "sock_send", fd, IOV, 1, 0, SO_DATALEN);
    return err ? -(int)err : (int)get_u32(m->base + SO_DATALEN);
}

static bool client_sees(int client, const char *text)
{
    char buf[64] = {0};
    size_t len = strlen(text);
    ssize_t got = recv(client, buf, len, MSG_WAITALL);
    return got == (ssize_t)len && memcmp(buf, text, len) == 0;
}

typedef struct later {
    wr_wasi *wasi;
    int client;        /* >= 0: send "34" to it instead of waking */
} later;

static void *act_later(void *arg)
{
    later *l = arg;
    usleep(50 * 1000);
    if (l->client >= 0)
        send_text(l->client, "34");
    else
        wr_wasi_wake(l->wasi);
    return NULL;
}

/* recv_into while another thread acts after 50 ms. */
static int recv_while(wr_wasi *w, const guest_mem *m, uint32_t fd, uint32_t len, uint16_t flags,
                      int client)
{
    later l = {w, client};
    pthread_t t;
    if (pthread_create(&t, NULL, act_later, &l) != 0) {
        counts.failed++;
        return 0;
    }
    int r = recv_into(w, m, fd, len, flags);
    pthread_join(t, NULL);
    return r;
}

/* fd 3 a directory, fd 4 the listener, fd 5 the first connection. */
enum { DIR_FD = 3, LISTENER = 4, CONN = 5 };

static void listener_calls(wr_wasi *w, const guest_mem *m)
{
    uint8_t *mem = m->base;
    printf("the preopened listener: fdstat, prestat, bad calls, non-blocking accept\n");
    CHECK_EQ(&counts, CALL(w, m, "fd_prestat_get", DIR_FD, FDSTAT), 0);
    CHECK_EQ(&counts, CALL(w, m, "fd_prestat_get", LISTENER, FDSTAT), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, m, "fd_fdstat_get", LISTENER, FDSTAT), 0);
    CHECK_EQ(&counts, mem[FDSTAT + FDSTAT_FILETYPE], WASI_FILETYPE_SOCKET_STREAM);
    CHECK_EQ(&counts, get_u16(mem + FDSTAT + FDSTAT_FLAGS), 0);
    CHECK_EQ(&counts, get_u64(mem + FDSTAT + FDSTAT_RIGHTS_BASE) == WASI_RIGHTS_SOCK_LISTEN, 1);
    CHECK_EQ(&counts, get_u64(mem + FDSTAT + FDSTAT_RIGHTS_INHERITING) == WASI_RIGHTS_SOCK_STREAM, 1);
    CHECK_EQ(&counts, CALL(w, m, "fd_filestat_get", LISTENER, BUF), 0);
    CHECK_EQ(&counts, mem[BUF + FILESTAT_FILETYPE], WASI_FILETYPE_SOCKET_STREAM);

    CHECK_EQ(&counts, CALL(w, m, "sock_accept", 99, 0, RESULT), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, m, "sock_accept", 1, 0, RESULT), WASI_ENOTSOCK);
    CHECK_EQ(&counts, CALL(w, m, "sock_accept", DIR_FD, 0, RESULT), WASI_ENOTSOCK);
    CHECK_EQ(&counts, CALL(w, m, "sock_accept", LISTENER, WASI_FDFLAG_APPEND, RESULT), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, m, "sock_accept", LISTENER, 0x10004, RESULT), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, m, "sock_accept", LISTENER, 0, MEM_SIZE - 3), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, m, "sock_recv", 1, IOV, 1, 0, RO_DATALEN, RO_FLAGS), WASI_ENOTSOCK);
    CHECK_EQ(&counts, CALL(w, m, "sock_send", DIR_FD, IOV, 1, 0, SO_DATALEN), WASI_ENOTSOCK);
    CHECK_EQ(&counts, CALL(w, m, "sock_shutdown", 99, WASI_SDFLAG_RD), WASI_EBADF);
    /* A listener has no stream: it may only accept. */
    CHECK_EQ(&counts, CALL(w, m, "sock_recv", LISTENER, IOV, 1, 0, RO_DATALEN, RO_FLAGS),
             WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, CALL(w, m, "sock_send", LISTENER, IOV, 1, 0, SO_DATALEN), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, CALL(w, m, "sock_shutdown", LISTENER, WASI_SDFLAG_RD), WASI_ENOTCAPABLE);

    CHECK_EQ(&counts, CALL(w, m, "fd_fdstat_set_flags", LISTENER, WASI_FDFLAG_APPEND), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, m, "fd_fdstat_set_flags", LISTENER, WASI_FDFLAG_NONBLOCK), 0);
    CHECK_EQ(&counts, CALL(w, m, "sock_accept", LISTENER, 0, RESULT), WASI_EAGAIN);
    CHECK_EQ(&counts, CALL(w, m, "fd_fdstat_get", LISTENER, FDSTAT), 0);
    CHECK_EQ(&counts, get_u16(mem + FDSTAT + FDSTAT_FLAGS), WASI_FDFLAG_NONBLOCK);
}

static void stream_calls(wr_wasi *w, const guest_mem *m, int client)
{
    uint8_t *mem = m->base;
    printf("an accepted connection: sock_recv/send, fd_read/write, poll_oneoff, bad calls\n");
    CHECK_EQ(&counts, poll_fd(w, m, LISTENER, WASI_EVENTTYPE_FD_READ), 0);
    CHECK_EQ(&counts, get_u32(mem + NEVENTS), 1);
    CHECK_EQ(&counts, get_u64(mem + EVENTS + EVENT_USERDATA), 9);
    CHECK_EQ(&counts, get_u16(mem + EVENTS + EVENT_ERROR), 0);
    CHECK_EQ(&counts, CALL(w, m, "sock_accept", LISTENER, WASI_FDFLAG_NONBLOCK, RESULT), 0);
    CHECK_EQ(&counts, get_u32(mem + RESULT), CONN);
    CHECK_EQ(&counts, CALL(w, m, "fd_fdstat_get", CONN, FDSTAT), 0);
    CHECK_EQ(&counts, mem[FDSTAT + FDSTAT_FILETYPE], WASI_FILETYPE_SOCKET_STREAM);
    CHECK_EQ(&counts, get_u16(mem + FDSTAT + FDSTAT_FLAGS), WASI_FDFLAG_NONBLOCK);
    CHECK_EQ(&counts, get_u64(mem + FDSTAT + FDSTAT_RIGHTS_BASE) == WASI_RIGHTS_SOCK_STREAM, 1);
    CHECK_EQ(&counts, get_u64(mem + FDSTAT + FDSTAT_RIGHTS_INHERITING), 0);
    CHECK_EQ(&counts, CALL(w, m, "sock_accept", CONN, 0, RESULT), WASI_ENOTCAPABLE);

    CHECK_EQ(&counts, recv_into(w, m, CONN, 16, 0), -WASI_EAGAIN);
    CHECK_EQ(&counts, send_text(client, "abc"), 1);
    CHECK_EQ(&counts, poll_fd(w, m, CONN, WASI_EVENTTYPE_FD_READ), 0);
    CHECK_EQ(&counts, get_u64(mem + EVENTS + EVENT_USERDATA), 9);
    CHECK_EQ(&counts, get_u64(mem + EVENTS + EVENT_NBYTES), 3);
    CHECK_EQ(&counts, get_u16(mem + EVENTS + EVENT_FLAGS), 0);
    CHECK_EQ(&counts, recv_into(w, m, CONN, 16, WASI_RIFLAG_RECV_PEEK), 3);
    memset(mem + BUF, 0, 3);
    put_iovec(mem, IOV, BUF, 16);
    CHECK_EQ(&counts, CALL(w, m, "fd_read", CONN, IOV, 1, RESULT), 0);
    CHECK_EQ(&counts, get_u32(mem + RESULT), 3);
    CHECK_EQ(&counts, memcmp(mem + BUF, "abc", 3), 0);

    CHECK_EQ(&counts, CALL(w, m, "sock_recv", CONN, IOV, 1, 4, RO_DATALEN, RO_FLAGS), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, m, "sock_recv", CONN, IOV, 1, 0, MEM_SIZE - 3, RO_FLAGS), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, m, "sock_recv", CONN, IOV, 1, 0, RO_DATALEN, MEM_SIZE - 1), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, m, "sock_recv", CONN, MEM_SIZE - 4, 1, 0, RO_DATALEN, RO_FLAGS), WASI_EFAULT);
    put_iovec(mem, IOV, MEM_SIZE - 8, 16);
    CHECK_EQ(&counts, CALL(w, m, "sock_recv", CONN, IOV, 1, 0, RO_DATALEN, RO_FLAGS), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, m, "sock_recv", CONN, IOV, 0x20000000, 0, RO_DATALEN, RO_FLAGS), WASI_EINVAL);

    CHECK_EQ(&counts, poll_fd(w, m, CONN, WASI_EVENTTYPE_FD_WRITE), 0);
    CHECK_EQ(&counts, get_u64(mem + EVENTS + EVENT_USERDATA), 9);
    CHECK_EQ(&counts, send_text_from(w, m, CONN, "xyz"), 3);
    CHECK_EQ(&counts, client_sees(client, "xyz"), 1);
    memcpy(mem + BUF, "uvw", 3);
    put_iovec(mem, IOV, BUF, 3);
    CHECK_EQ(&counts, CALL(w, m, "fd_write", CONN, IOV, 1, RESULT), 0);
    CHECK_EQ(&counts, get_u32(mem + RESULT), 3);
    CHECK_EQ(&counts, client_sees(client, "uvw"), 1);
    CHECK_EQ(&counts, CALL(w, m, "sock_send", CONN, IOV, 1, 1, SO_DATALEN), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, m, "sock_send", CONN, IOV, 1, 0, MEM_SIZE - 2), WASI_EFAULT);
    put_iovec(mem, IOV, 0xFFFFFFF0, 0x20);
    CHECK_EQ(&counts, CALL(w, m, "sock_send", CONN, IOV, 1, 0, SO_DATALEN), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, m, "fd_pread", CONN, IOV, 1, 0, RESULT), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, CALL(w, m, "fd_seek", CONN, 0, WASI_WHENCE_CUR, RESULT), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, CALL(w, m, "fd_fdstat_set_flags", CONN, WASI_FDFLAG_APPEND), WASI_EINVAL);
}

static void blocking_calls(wr_wasi *w, const guest_mem *m, int client)
{
    uint8_t *mem = m->base;
    printf("blocking mode: wait-all, a wake, shutdown, the peer's end, a closed fd\n");
    CHECK_EQ(&counts, CALL(w, m, "fd_fdstat_set_flags", CONN, 0), 0);
    CHECK_EQ(&counts, send_text(client, "12"), 1);
    CHECK_EQ(&counts, recv_while(w, m, CONN, 4, WASI_RIFLAG_RECV_WAITALL, client), 4);
    CHECK_EQ(&counts, memcmp(mem + BUF, "1234", 4), 0);
    CHECK_EQ(&counts, recv_while(w, m, CONN, 4, 0, -1), -WASI_EINTR);
    CHECK_EQ(&counts, send_text(client, "56"), 1);
    CHECK_EQ(&counts, recv_while(w, m, CONN, 4, WASI_RIFLAG_RECV_WAITALL, -1), 2);
    CHECK_EQ(&counts, memcmp(mem + BUF, "56", 2), 0);

    CHECK_EQ(&counts, CALL(w, m, "sock_shutdown", CONN, 0), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, m, "sock_shutdown", CONN, 4), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, m, "sock_shutdown", CONN, WASI_SDFLAG_WR), 0);
    char byte;
    CHECK_EQ(&counts, recv(client, &byte, 1, 0), 0);
    /* MSG_NOSIGNAL: this is EPIPE for the guest, not a SIGPIPE that ends the host. */
    CHECK_EQ(&counts, send_text_from(w, m, CONN, "late"), -WASI_EPIPE);

    shutdown(client, SHUT_WR);
    CHECK_EQ(&counts, poll_fd(w, m, CONN, WASI_EVENTTYPE_FD_READ), 0);
    CHECK_EQ(&counts, get_u64(mem + EVENTS + EVENT_USERDATA), 9);
    CHECK_EQ(&counts, get_u16(mem + EVENTS + EVENT_FLAGS), WASI_EVENTRW_HANGUP);
    CHECK_EQ(&counts, recv_into(w, m, CONN, 16, 0), 0);
    CHECK_EQ(&counts, CALL(w, m, "fd_close", CONN), 0);
    CHECK_EQ(&counts, CALL(w, m, "sock_recv", CONN, IOV, 1, 0, RO_DATALEN, RO_FLAGS), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, m, "sock_shutdown", CONN, WASI_SDFLAG_RD), WASI_EBADF);
}

static void on_a_connection(void)
{
    static uint8_t mem[MEM_SIZE];
    guest_mem m = {mem, sizeof mem};
    uint16_t port;
    int lfd = loopback_listener(&port);
    CHECK_EQ(&counts, lfd >= 0, 1);
    if (lfd < 0)
        return;
    wr_memfs *fs = wr_memfs_new();
    wr_wasi_config *cfg = wr_wasi_config_new();
    CHECK_EQ(&counts, wr_wasi_config_preopen_socket(cfg, lfd), 1);
    CHECK_EQ(&counts, wr_wasi_config_preopen_memfs(cfg, fs, "/", "/data", false), 1);
    wr_wasi *w = wasi_of(&counts, cfg);
    close(lfd); /* the instance holds its own duplicate */
    if (w)
        listener_calls(w, &m);
    int client = w ? loopback_client(port) : -1;
    CHECK_EQ(&counts, client >= 0, 1);
    if (client >= 0) {
        stream_calls(w, &m, client);
        blocking_calls(w, &m, client);
        close(client);
    }
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    wr_memfs_free(fs);
}

/* A listening Unix socket in the abstract namespace (nothing on disk), or -1. */
static int unix_listener(struct sockaddr_un *addr, socklen_t *len)
{
    *addr = (struct sockaddr_un){.sun_family = AF_UNIX};
    int n = snprintf(addr->sun_path + 1, sizeof addr->sun_path - 1, "wr-sock-test-%d", (int)getpid());
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && (bind(fd, (struct sockaddr *)addr, *len) != 0 || listen(fd, 4) != 0)) {
        close(fd);
        fd = -1;
    }
    return fd;
}

static void unix_socket(void)
{
    printf("a Unix listener\n");
    static uint8_t mem[MEM_SIZE];
    guest_mem m = {mem, sizeof mem};
    struct sockaddr_un addr;
    socklen_t len;
    int lfd = unix_listener(&addr, &len);
    CHECK_EQ(&counts, lfd >= 0, 1);
    if (lfd < 0)
        return;
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi_config_preopen_socket(cfg, lfd);
    wr_wasi *w = wasi_of(&counts, cfg);
    int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK_EQ(&counts, connect(client, (struct sockaddr *)&addr, len), 0);
    if (w) {
        CHECK_EQ(&counts, CALL(w, &m, "sock_accept", 3, 0, RESULT), 0);
        CHECK_EQ(&counts, get_u32(mem + RESULT), 4);
        CHECK_EQ(&counts, send_text(client, "unix"), 1);
        CHECK_EQ(&counts, recv_into(w, &m, 4, 16, 0), 4);
        CHECK_EQ(&counts, memcmp(mem + BUF, "unix", 4), 0);
    }
    close(client);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    close(lfd);
}

/* One side of a big transfer on a host thread: count what arrives until the end of the
 * stream, or send until the peer is gone. */
typedef struct pump {
    int fd;
    bool sending;
    uint64_t bytes;
} pump;

static void *run_pump(void *arg)
{
    pump *p = arg;
    enum { CHUNK = 1 << 20 };
    char *buf = calloc(1, CHUNK);
    for (ssize_t r = 1; buf && r > 0; p->bytes += r > 0 ? (uint64_t)r : 0)
        r = p->sending ? send(p->fd, buf, CHUNK, MSG_NOSIGNAL) : recv(p->fd, buf, CHUNK, 0);
    free(buf);
    return NULL;
}

/* A single call never moves more than its u32 count can say: 1024 buffers of 8 MiB ask for
 * 8 GiB, and a blocking send, write or wait-all receive stops at 4 GiB - 1 (a short
 * transfer, as POSIX allows), where the count once wrapped to 0. The buffers all overlap in
 * a guest memory that is mostly never touched. */
static void big_transfers(void)
{
    printf("transfers past what a u32 count holds\n");
    enum { NBUFS = 1024, BIG_AT = 1 << 16, BIG_LEN = 8 << 20 };
    size_t size = BIG_AT + (size_t)BIG_LEN;
    uint8_t *mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK_EQ(&counts, mem != MAP_FAILED, 1);
    if (mem == MAP_FAILED)
        return;
    guest_mem m = {mem, size};
    for (uint32_t i = 0; i < NBUFS; i++)
        put_iovec(mem, IOV + 8 * i, BIG_AT, BIG_LEN);
    struct sockaddr_un addr;
    socklen_t len;
    int lfd = unix_listener(&addr, &len);
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi_config_preopen_socket(cfg, lfd);
    wr_wasi *w = wasi_of(&counts, cfg);
    static const char *const calls[] = {"sock_send", "fd_write", "sock_recv"};
    for (int i = 0; w && i < 3; i++) {
        int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        CHECK_EQ(&counts, connect(client, (struct sockaddr *)&addr, len), 0);
        CHECK_EQ(&counts, CALL(w, &m, "sock_accept", 3, 0, RESULT), 0);
        uint32_t conn = get_u32(mem + RESULT);
        pump p = {client, i == 2, 0};
        pthread_t t;
        CHECK_EQ(&counts, pthread_create(&t, NULL, run_pump, &p), 0);
        uint16_t err = i == 0 ? CALL(w, &m, "sock_send", conn, IOV, NBUFS, 0, RESULT)
                     : i == 1 ? CALL(w, &m, "fd_write", conn, IOV, NBUFS, RESULT)
                              : CALL(w, &m, "sock_recv", conn, IOV, NBUFS,
                                     WASI_RIFLAG_RECV_WAITALL, RESULT, RO_FLAGS);
        uint32_t moved = get_u32(mem + RESULT);
        CHECK_EQ(&counts, CALL(w, &m, "fd_close", conn), 0);
        shutdown(client, SHUT_RDWR);
        pthread_join(t, NULL);
        close(client);
        printf("  %s: %s, %u bytes, the peer %s %llu\n", calls[i], wr_wasi_errno_name(err), moved,
               p.sending ? "sent" : "received", (unsigned long long)p.bytes);
        CHECK_EQ(&counts, err, 0);
        CHECK_EQ(&counts, moved, UINT32_MAX);
        if (!p.sending)
            CHECK_EQ(&counts, p.bytes, UINT32_MAX);
    }
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    close(lfd);
    munmap(mem, size);
}

/* wr_wasi_new with host_fd preopened as a socket: whether it was accepted. */
static bool instance_accepts(int host_fd)
{
    wr_wasi_config *cfg = wr_wasi_config_new();
    CHECK_EQ(&counts, wr_wasi_config_preopen_socket(cfg, host_fd), 1);
    wr_wasi *w = NULL;
    wr_error *e = wr_wasi_new(NULL, cfg, &w);
    if (e)
        CHECK_EQ(&counts, wr_error_kind_of(e), WR_ERR_IO);
    wr_error_free(e);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    return w != NULL;
}

static void config(void)
{
    printf("what can be preopened as a socket; tcplisten\n");
    static uint8_t mem[MEM_SIZE];
    guest_mem m = {mem, sizeof mem};
    wr_wasi_config *cfg = wr_wasi_config_new();
    CHECK_EQ(&counts, wr_wasi_config_preopen_socket(cfg, -1), 0);
    int pair[2], pipe_fds[2];
    CHECK_EQ(&counts, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    CHECK_EQ(&counts, pipe(pipe_fds), 0);
    CHECK_EQ(&counts, instance_accepts(pair[0]), 0);  /* connected, not listening */
    CHECK_EQ(&counts, instance_accepts(pipe_fds[0]), 0);
    close(pair[0]);
    close(pair[1]);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    CHECK_EQ(&counts, instance_accepts(pipe_fds[0]), 0); /* closed by now */
    int udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK_EQ(&counts, instance_accepts(udp), 0);
    close(udp);

    static const char *const bad[] = {"", "no-port", ":80", "127.0.0.1:", "127.0.0.1:port",
                                      "[]:80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        errno = 0;
        CHECK_EQ(&counts, wr_wasi_config_tcplisten(cfg, bad[i]), 0);
        CHECK_EQ(&counts, errno, EINVAL);
    }
    CHECK_EQ(&counts, wr_wasi_config_tcplisten(cfg, NULL), 0);
    CHECK_EQ(&counts, wr_wasi_config_tcplisten(cfg, "127.0.0.1:0"), 1);
    /* Every instance from the config gets the socket. */
    for (int i = 0; i < 2; i++) {
        wr_wasi *w = NULL;
        wr_error *e = wr_wasi_new(NULL, cfg, &w);
        CHECK_EQ(&counts, e == NULL, 1);
        wr_error_free(e);
        if (!w)
            continue;
        CHECK_EQ(&counts, CALL(w, &m, "fd_fdstat_get", 3, FDSTAT), 0);
        CHECK_EQ(&counts, mem[FDSTAT + FDSTAT_FILETYPE], WASI_FILETYPE_SOCKET_STREAM);
        CHECK_EQ(&counts, CALL(w, &m, "fd_fdstat_set_flags", 3, WASI_FDFLAG_NONBLOCK), 0);
        CHECK_EQ(&counts, CALL(w, &m, "sock_accept", 3, 0, RESULT), WASI_EAGAIN);
        wr_wasi_free(w);
    }
    wr_wasi_config_free(cfg);
}

int main(void)
{
    on_a_connection();
    unix_socket();
    big_transfers();
    config();
    return check_report(&counts);
}
