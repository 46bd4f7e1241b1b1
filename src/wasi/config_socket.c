/* Preopened sockets: the config's list, binding one for wr_wasi_config_tcplisten, and the
 * fds each instance gets. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"
#include "wasi/abi.h"
#include "wasi/state.h"

enum { MAX_HOST_TEXT = 255 };

static bool push_socket(wr_wasi_config *cfg, int host_fd, bool owned)
{
    cfg_socket *bigger = wr_mem_realloc(&wr_default_allocator, cfg->sockets, (cfg->nsockets + 1),
                                        sizeof *bigger);
    if (!bigger)
        return false;
    bigger[cfg->nsockets++] = (cfg_socket){.host_fd = host_fd, .owned = owned};
    cfg->sockets = bigger;
    return true;
}

bool wr_wasi_config_preopen_socket(wr_wasi_config *cfg, int host_fd)
{
    return host_fd >= 0 && push_socket(cfg, host_fd, false);
}

/* A socket bound to one resolved address and listening, or -1 with errno set. */
static int listen_on(const struct addrinfo *ai)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
        return -1;
    int on = 1;
    /* A server restarted at once must not wait for its old connections' TIME_WAIT. */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
        bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0)
        return fd;
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

bool wr_wasi_config_tcplisten(wr_wasi_config *cfg, const char *host_port)
{
    const char *colon = host_port ? strrchr(host_port, ':') : NULL;
    if (!colon || colon == host_port || !colon[1]) {
        errno = EINVAL;
        return false;
    }
    const char *host = host_port;
    size_t host_len = (size_t)(colon - host_port);
    if (host[0] == '[' && host_len >= 2 && host[host_len - 1] == ']') {
        host++;
        host_len -= 2;
    }
    char host_text[MAX_HOST_TEXT + 1];
    if (!host_len || host_len > MAX_HOST_TEXT) {
        errno = EINVAL;
        return false;
    }
    memcpy(host_text, host, host_len);
    host_text[host_len] = 0;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *found;
    if (getaddrinfo(host_text, colon + 1, &hints, &found) != 0) {
        errno = EINVAL;
        return false;
    }
    int fd = -1;
    for (const struct addrinfo *ai = found; ai && fd < 0; ai = ai->ai_next)
        fd = listen_on(ai);
    freeaddrinfo(found);
    if (fd < 0)
        return false;
    if (!push_socket(cfg, fd, true)) {
        close(fd);
        errno = ENOMEM;
        return false;
    }
    return true;
}

void wr_wasi_config_sockets_free(wr_wasi_config *cfg)
{
    for (size_t i = 0; i < cfg->nsockets; i++)
        if (cfg->sockets[i].owned)
            close(cfg->sockets[i].host_fd);
    wr_mem_free(cfg->sockets);
    cfg->sockets = NULL;
    cfg->nsockets = 0;
}

static bool is_listening_stream(int fd)
{
    int type = 0, listening = 0;
    socklen_t len = sizeof type;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM)
        return false;
    len = sizeof listening;
    return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening;
}

static wr_error *open_socket(wr_wasi *w, int host_fd)
{
    int fd = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0)
        return wr_error_new(WR_ERR_IO, "preopened socket %d: %s", host_fd, strerror(errno));
    if (!is_listening_stream(fd)) {
        close(fd);
        return wr_error_new(WR_ERR_IO, "preopened socket %d: not a listening stream socket",
                            host_fd);
    }
    wasi_file *f;
    uint16_t err = wr_wasi_socket_new(w->alloc, fd, 0, &f);
    if (err == WASI_ENOMEM)
        return wr_error_nomem();
    if (err)
        return wr_error_new(WR_ERR_IO, "preopened socket %d: %s", host_fd, wr_wasi_errno_name(err));
    uint32_t slot;
    err = wr_wasi_fdtable_insert(w, f, WASI_RIGHTS_SOCK_LISTEN, WASI_RIGHTS_SOCK_STREAM, &slot);
    return err ? wr_wasi_fdtable_setup_error(w, err, "preopened socket") : NULL;
}

wr_error *wr_wasi_open_sockets(wr_wasi *w, const wr_wasi_config *cfg)
{
    wr_error *e = NULL;
    for (size_t i = 0; !e && i < cfg->nsockets; i++)
        e = open_socket(w, cfg->sockets[i].host_fd);
    return e;
}
