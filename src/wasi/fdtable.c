/* The guest's fd table: numbers to open files with their rights, the lowest free number
 * first, never more than the config's max_fds slots (and so never more open host fds). */
#include <stdlib.h>

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
    wasi_fd *bigger = realloc(w->fds, n * sizeof *bigger);
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
    if (err) {
        f->ops->close(f);
        return err;
    }
    wr_wasi_fdtable_close(w, fd);
    f->wake_fd = w->wake_fd;
    w->fds[fd] = (wasi_fd){.file = f, .rights_base = base, .rights_inheriting = inheriting};
    return 0;
}

uint16_t wr_wasi_fdtable_room(const wr_wasi *w)
{
    for (uint32_t i = 0; i < w->nfds; i++)
        if (!w->fds[i].file)
            return 0;
    return w->nfds < w->max_fds ? 0 : WASI_EMFILE;
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
    free(e->preopen_name);
    *e = (wasi_fd){0};
}

void wr_wasi_fdtable_free(wr_wasi *w)
{
    for (uint32_t i = 0; i < w->nfds; i++)
        wr_wasi_fdtable_close(w, i);
    free(w->fds);
    w->fds = NULL;
    w->nfds = 0;
}
