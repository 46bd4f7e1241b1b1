/* sock_*: on the sockets the host preopened and the connections accepted from them. */
#include <stdlib.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"

/* EBADF for a closed fd, ENOTSOCK for one that is no socket (whatever its rights), then
 * ENOTCAPABLE for a missing right. */
static uint16_t socket_fd(wr_wasi *w, uint32_t fd, uint64_t rights, wasi_fd **out)
{
    uint16_t err = wr_wasi_fdtable_get(w, fd, 0, out);
    if (err)
        return err;
    if (!(*out)->file->ops->accept)
        return WASI_ENOTSOCK;
    return ((*out)->rights_base & rights) == rights ? 0 : WASI_ENOTCAPABLE;
}

uint16_t wr_wasi_sock_accept(wr_wasi *w, const guest_mem *m, const wasi_sock_accept_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = socket_fd(w, args->fd, WASI_R(SOCK_ACCEPT), &e);
    if (err)
        return err;
    if (args->flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK)
        return WASI_EINVAL;
    /* Checked first: a connection taken off the queue could not be handed back. */
    err = wr_wasi_fdtable_room(w);
    if (err)
        return err;
    /* A connection never makes fds of its own, so it inherits nothing. */
    uint64_t rights = e->rights_inheriting & WASI_RIGHTS_SOCK_STREAM;
    wasi_file *conn;
    err = e->file->ops->accept(e->file, (uint16_t)args->flags, &conn);
    if (err)
        return err;
    uint32_t fd;
    err = wr_wasi_fdtable_insert(w, conn, rights, 0, &fd);
    if (!err)
        put_u32(args->result_fd, fd);
    return err;
}

uint16_t wr_wasi_sock_recv(wr_wasi *w, const guest_mem *m, const wasi_sock_recv_args *args)
{
    wasi_fd *e;
    uint16_t err = socket_fd(w, args->fd, WASI_R(FD_READ), &e);
    if (err)
        return err;
    if (args->ri_flags & ~(uint32_t)(WASI_RIFLAG_RECV_PEEK | WASI_RIFLAG_RECV_WAITALL))
        return WASI_EINVAL;
    struct iovec *v;
    err = wr_wasi_guest_iovecs(w->alloc, m, args->ri_data, &v);
    if (err)
        return err;
    size_t done = 0;
    err = e->file->ops->recv(e->file, v, args->ri_data.count, (uint16_t)args->ri_flags, &done);
    wr_mem_free(v);
    if (err)
        return err;
    put_u32(args->ro_datalen, (uint32_t)done);
    put_u16(args->ro_flags, 0);
    return 0;
}

uint16_t wr_wasi_sock_send(wr_wasi *w, const guest_mem *m, const wasi_sock_send_args *args)
{
    wasi_fd *e;
    uint16_t err = socket_fd(w, args->fd, WASI_R(FD_WRITE), &e);
    if (err)
        return err;
    if (args->si_flags) /* the ABI defines no siflags */
        return WASI_EINVAL;
    struct iovec *v;
    err = wr_wasi_guest_iovecs(w->alloc, m, args->si_data, &v);
    if (err)
        return err;
    size_t done = 0;
    err = e->file->ops->send(e->file, v, args->si_data.count, &done);
    wr_mem_free(v);
    if (!err)
        put_u32(args->so_datalen, (uint32_t)done);
    return err;
}

uint16_t wr_wasi_sock_shutdown(wr_wasi *w, const guest_mem *m, const wasi_sock_shutdown_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = socket_fd(w, args->fd, WASI_R(SOCK_SHUTDOWN), &e);
    if (err)
        return err;
    if (!args->how || (args->how & ~(uint32_t)(WASI_SDFLAG_RD | WASI_SDFLAG_WR)))
        return WASI_EINVAL;
    return e->file->ops->shutdown(e->file, (uint8_t)args->how);
}
