/* sock_*: on the sockets the host preopened and the connections accepted from them. */
#include <stdlib.h>

#include "wasi/abi.h"
#include "wasi/handlers.h"

/* EBADF for a closed fd, ENOTSOCK for one that is no socket (whatever its rights), then
 * ENOTCAPABLE for a missing right. */
static uint16_t socket_fd(wr_wasi *w, uint64_t fd, uint64_t rights, wasi_fd **out)
{
    uint16_t err = fdtable_get(w, fd, 0, out);
    if (err)
        return err;
    if (!(*out)->file->ops->accept)
        return WASI_ENOTSOCK;
    return ((*out)->rights_base & rights) == rights ? 0 : WASI_ENOTCAPABLE;
}

uint16_t wasi_sock_accept(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *e;
    uint16_t err = socket_fd(w, a[0], WASI_R(SOCK_ACCEPT), &e);
    if (err)
        return err;
    if (a[1] & ~(uint64_t)WASI_FDFLAG_NONBLOCK)
        return WASI_EINVAL;
    /* Checked first: a connection taken off the queue could not be handed back. */
    if (!guest_ok(m, a[2], 4))
        return WASI_EFAULT;
    err = fdtable_room(w);
    if (err)
        return err;
    /* A connection never makes fds of its own, so it inherits nothing. */
    uint64_t rights = e->rights_inheriting & WASI_RIGHTS_SOCK_STREAM;
    wasi_file *conn;
    err = e->file->ops->accept(e->file, (uint16_t)a[1], &conn);
    if (err)
        return err;
    uint32_t fd;
    err = fdtable_insert(w, conn, rights, 0, &fd);
    if (!err)
        store_u32(m, a[2], fd);
    return err;
}

uint16_t wasi_sock_recv(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *e;
    uint16_t err = socket_fd(w, a[0], WASI_R(FD_READ), &e);
    if (err)
        return err;
    if (a[3] & ~(uint64_t)(WASI_RIFLAG_RECV_PEEK | WASI_RIFLAG_RECV_WAITALL))
        return WASI_EINVAL;
    if (!guest_ok(m, a[4], 4) || !guest_ok(m, a[5], 2))
        return WASI_EFAULT;
    struct iovec *v;
    err = guest_iovecs(m, a[1], a[2], &v);
    if (err)
        return err;
    size_t done = 0;
    err = e->file->ops->recv(e->file, v, a[2], (uint16_t)a[3], &done);
    free(v);
    if (err)
        return err;
    put_u32(guest_at(m, a[4]), (uint32_t)done);
    put_u16(guest_at(m, a[5]), 0);
    return 0;
}

uint16_t wasi_sock_send(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *e;
    uint16_t err = socket_fd(w, a[0], WASI_R(FD_WRITE), &e);
    if (err)
        return err;
    if (a[3]) /* the ABI defines no siflags */
        return WASI_EINVAL;
    if (!guest_ok(m, a[4], 4))
        return WASI_EFAULT;
    struct iovec *v;
    err = guest_iovecs(m, a[1], a[2], &v);
    if (err)
        return err;
    size_t done = 0;
    err = e->file->ops->send(e->file, v, a[2], &done);
    free(v);
    if (!err)
        put_u32(guest_at(m, a[4]), (uint32_t)done);
    return err;
}

uint16_t wasi_sock_shutdown(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = socket_fd(w, a[0], WASI_R(SOCK_SHUTDOWN), &e);
    if (err)
        return err;
    if (!a[1] || (a[1] & ~(uint64_t)(WASI_SDFLAG_RD | WASI_SDFLAG_WR)))
        return WASI_EINVAL;
    return e->file->ops->shutdown(e->file, (uint8_t)a[1]);
}
