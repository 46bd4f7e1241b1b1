/* sock_*: this host hands out no sockets, so a valid fd is never one. */
#include "wasi/abi.h"
#include "wasi/handlers.h"

static uint16_t not_a_socket(wr_wasi *w, uint64_t fd)
{
    wasi_fd *e;
    uint16_t err = fdtable_get(w, fd, 0, &e);
    return err ? err : WASI_ENOTSOCK;
}

uint16_t wasi_sock_accept(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    return not_a_socket(w, a[0]);
}

uint16_t wasi_sock_recv(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    return not_a_socket(w, a[0]);
}

uint16_t wasi_sock_send(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    return not_a_socket(w, a[0]);
}

uint16_t wasi_sock_shutdown(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    return not_a_socket(w, a[0]);
}
