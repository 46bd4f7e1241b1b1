/* The guest's fd table: numbers to open files with their rights, the lowest free number
 * first, never more than the config's max_fds slots (and so never more open host fds), and
 * every filled slot counted against the engine's max_host_fds. */
#include <stdlib.h>

#include "runtime/host_fds.h"
#include "util/alloc.h"
#include "util/error.h"
#include "wasi/abi.h"
#include "wasi/state.h"

uint64_t wr_wasi_rights_for(uint8_t filetype)
{
    if (filetype == WASI_FILETYPE_DIRECTORY)
        return WASI_RIGHTS_DIR;
    return WASI_RIGHTS_FILE;
}

uint16_t wr_wasi_fdtable_get(wr_wasi *w, uint64_t fd, uint64_t rights, wasi_fd **out)
{
    if (fd >= w->nfds || !w->fds[fd].file)
        return WASI_EBADF;
    wasi_fd *e = &w->fds[fd];
    if ((e->rights_base & rights) != rights)
        return WASI_ENOTCAPABLE;
    *out = e;
    return 0;
}

static uint16_t grow(wr_wasi *w, uint32_t need)
{
    if (need <= w->nfds)
        return 0;
    if (need > w->max_fds)
        return WASI_EMFILE;
    uint32_t n = w->nfds ? w->nfds : 8;
    while (n < need)
        n *= 2;
    if (n > w->max_fds)
        n = w->max_fds;
    wasi_fd *bigger = wr_mem_realloc(w->alloc, w->fds, n, sizeof *bigger);
    if (!bigger)
        return WASI_ENOMEM;
    for (uint32_t i = w->nfds; i < n; i++)
        bigger[i] = (wasi_fd){0};
    w->fds = bigger;
    w->nfds = n;
    return 0;
}

uint16_t wr_wasi_fdtable_place(wr_wasi *w, uint32_t fd, wasi_file *f, uint64_t base, uint64_t inheriting)
{
    uint16_t err = grow(w, fd + 1);
    if (!err && !w->fds[fd].file && !wr_host_fd_take(w->engine))
        err = WASI_EMFILE;
    if (err) {
        f->ops->close(f);
        return err;
    }
    /* A filled slot keeps its share of the ceiling for the new file. */
    if (w->fds[fd].file) {
        w->fds[fd].file->ops->close(w->fds[fd].file);
        wr_mem_free(w->fds[fd].preopen_name);
    }
    f->wake_fd = w->wake_fd;
    w->fds[fd] = (wasi_fd){.file = f, .rights_base = base, .rights_inheriting = inheriting};
    return 0;
}

uint16_t wr_wasi_fdtable_room(const wr_wasi *w)
{
    for (uint32_t i = 0; i < w->nfds; i++)
        if (!w->fds[i].file)
            return wr_host_fd_room(w->engine) ? 0 : WASI_EMFILE;
    return w->nfds < w->max_fds && wr_host_fd_room(w->engine) ? 0 : WASI_EMFILE;
}

wr_error *wr_wasi_fdtable_setup_error(const wr_wasi *w, uint16_t err, const char *what)
{
    if (err != WASI_EMFILE)
        return wr_error_nomem();
    if (!wr_host_fd_room(w->engine))
        return wr_error_new(WR_ERR_LIMIT, "%s: the engine's max_host_fds of %u are all taken",
                            what, wr_host_fd_ceiling(w->engine));
    return wr_error_new(WR_ERR_LIMIT, "%s: more fds than the limit of %u (wr_wasi_config_max_fds)",
                        what, w->max_fds);
}

uint16_t wr_wasi_fdtable_insert(wr_wasi *w, wasi_file *f, uint64_t base, uint64_t inheriting, uint32_t *fd)
{
    uint32_t i = 0;
    while (i < w->nfds && w->fds[i].file)
        i++;
    *fd = i;
    return wr_wasi_fdtable_place(w, i, f, base, inheriting);
}

void wr_wasi_fdtable_close(wr_wasi *w, uint32_t fd)
{
    if (fd >= w->nfds || !w->fds[fd].file)
        return;
    wasi_fd *e = &w->fds[fd];
    e->file->ops->close(e->file);
    wr_mem_free(e->preopen_name);
    *e = (wasi_fd){0};
    wr_host_fd_give(w->engine);
}

void wr_wasi_fdtable_free(wr_wasi *w)
{
    for (uint32_t i = 0; i < w->nfds; i++)
        wr_wasi_fdtable_close(w, i);
    wr_mem_free(w->fds);
    w->fds = NULL;
    w->nfds = 0;
}
