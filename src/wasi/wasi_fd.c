/* The fd_* functions: rights checks and guest memory here, the work in the file's ops. */
#include <stdlib.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"

uint16_t wr_wasi_fd_advise(wr_wasi *w, const guest_mem *m, const wasi_fd_advise_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, WASI_R(FD_ADVISE), &e);
    if (err)
        return err;
    if (args->advice > WASI_ADVICE_NOREUSE || args->offset > INT64_MAX || args->len > INT64_MAX)
        return WASI_EINVAL;
    if (e->file->filetype == WASI_FILETYPE_DIRECTORY)
        return WASI_EBADF;
    wasi_file *f = e->file;
    return f->ops->advise ? f->ops->advise(f, args->offset, args->len, (uint8_t)args->advice) : 0;
}

/* The file behind fd for a call a directory does not take (dir_err when it is one). */
static uint16_t non_dir_file(wr_wasi *w, uint32_t fd, uint64_t right, uint16_t dir_err,
                             wasi_file **out)
{
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, fd, right, &e);
    if (err)
        return err;
    *out = e->file;
    return e->file->filetype == WASI_FILETYPE_DIRECTORY ? dir_err : 0;
}

uint16_t wr_wasi_fd_allocate(wr_wasi *w, const guest_mem *m, const wasi_fd_allocate_args *args)
{
    (void)m;
    wasi_file *f;
    uint16_t err = non_dir_file(w, args->fd, WASI_R(FD_ALLOCATE), WASI_EBADF, &f);
    if (err)
        return err;
    return f->ops->allocate ? f->ops->allocate(f, args->offset, args->len) : WASI_ENOTSUP;
}

uint16_t wr_wasi_fd_close(wr_wasi *w, const guest_mem *m, const wasi_fd_close_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, 0, &e);
    if (err)
        return err;
    wr_wasi_fdtable_close(w, args->fd);
    return 0;
}

static uint16_t sync_fd(wr_wasi *w, uint32_t fd, uint64_t right, bool data_only)
{
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, fd, right, &e);
    if (err)
        return err;
    return e->file->ops->sync ? e->file->ops->sync(e->file, data_only) : 0;
}

uint16_t wr_wasi_fd_datasync(wr_wasi *w, const guest_mem *m, const wasi_fd_datasync_args *args)
{
    (void)m;
    return sync_fd(w, args->fd, WASI_R(FD_DATASYNC), true);
}

uint16_t wr_wasi_fd_sync(wr_wasi *w, const guest_mem *m, const wasi_fd_sync_args *args)
{
    (void)m;
    return sync_fd(w, args->fd, WASI_R(FD_SYNC), false);
}

uint16_t wr_wasi_fd_fdstat_get(wr_wasi *w, const guest_mem *m, const wasi_fd_fdstat_get_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, 0, &e);
    if (err)
        return err;
    uint8_t *p = args->stat;
    memset(p, 0, FDSTAT_SIZE);
    p[FDSTAT_FILETYPE] = e->file->filetype;
    put_u16(p + FDSTAT_FLAGS, e->file->fdflags);
    put_u64(p + FDSTAT_RIGHTS_BASE, e->rights_base);
    put_u64(p + FDSTAT_RIGHTS_INHERITING, e->rights_inheriting);
    return 0;
}

uint16_t wr_wasi_fd_fdstat_set_flags(wr_wasi *w, const guest_mem *m,
                                  const wasi_fd_fdstat_set_flags_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, WASI_R(FD_FDSTAT_SET_FLAGS), &e);
    if (err)
        return err;
    if (args->flags & ~0x1Fu)
        return WASI_EINVAL;
    uint16_t flags = (uint16_t)args->flags;
    /* Synchronous-I/O modes are chosen at open; changing them later is not portable. */
    if (flags & (WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC))
        return WASI_ENOTSUP;
    if (!e->file->ops->set_flags)
        return WASI_EBADF;
    return e->file->ops->set_flags(e->file, flags);
}

uint16_t wr_wasi_fd_fdstat_set_rights(wr_wasi *w, const guest_mem *m,
                                   const wasi_fd_fdstat_set_rights_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, 0, &e);
    if (err)
        return err;
    if ((args->fs_rights_base & ~e->rights_base) || (args->fs_rights_inheriting & ~e->rights_inheriting))
        return WASI_ENOTCAPABLE;
    e->rights_base = args->fs_rights_base;
    e->rights_inheriting = args->fs_rights_inheriting;
    return 0;
}

void wr_wasi_put_filestat(uint8_t *p, const wasi_filestat *st)
{
    memset(p, 0, FILESTAT_SIZE);
    put_u64(p + FILESTAT_DEV, st->dev);
    put_u64(p + FILESTAT_INO, st->ino);
    p[FILESTAT_FILETYPE] = st->filetype;
    put_u64(p + FILESTAT_NLINK, st->nlink);
    put_u64(p + FILESTAT_SIZE_FIELD, st->size);
    put_u64(p + FILESTAT_ATIM, st->atim);
    put_u64(p + FILESTAT_MTIM, st->mtim);
    put_u64(p + FILESTAT_CTIM, st->ctim);
}

uint16_t wr_wasi_fd_filestat_get(wr_wasi *w, const guest_mem *m, const wasi_fd_filestat_get_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, WASI_R(FD_FILESTAT_GET), &e);
    if (err)
        return err;
    wasi_filestat st = {0};
    if (e->file->ops->stat)
        err = e->file->ops->stat(e->file, &st);
    else
        st.filetype = e->file->filetype;
    if (!err)
        wr_wasi_put_filestat(args->buf, &st);
    return err;
}

uint16_t wr_wasi_fd_filestat_set_size(wr_wasi *w, const guest_mem *m,
                                   const wasi_fd_filestat_set_size_args *args)
{
    (void)m;
    wasi_file *f;
    uint16_t err = non_dir_file(w, args->fd, WASI_R(FD_FILESTAT_SET_SIZE), WASI_EISDIR, &f);
    if (err)
        return err;
    return f->ops->set_size ? f->ops->set_size(f, args->size) : WASI_EINVAL;
}

uint16_t wr_wasi_fd_filestat_set_times(wr_wasi *w, const guest_mem *m,
                                    const wasi_fd_filestat_set_times_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, WASI_R(FD_FILESTAT_SET_TIMES), &e);
    if (err)
        return err;
    if (args->fst_flags > 0xFFFF || !wasi_fstflags_valid((uint16_t)args->fst_flags))
        return WASI_EINVAL;
    wasi_file *f = e->file;
    return f->ops->set_times ? f->ops->set_times(f, args->atim, args->mtim, (uint16_t)args->fst_flags)
                             : WASI_EBADF;
}

/* fd_read, fd_pread, fd_write, fd_pwrite: offset < 0 means the file position. */
static uint16_t transfer(wr_wasi *w, const guest_mem *m, uint32_t fd, guest_iovs iovs,
                         int64_t offset, uint8_t *done_at, bool writing)
{
    uint64_t rights = writing ? WASI_R(FD_WRITE) : WASI_R(FD_READ);
    if (offset >= 0)
        rights |= WASI_R(FD_SEEK);
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, fd, rights, &e);
    if (err)
        return err;
    if (e->file->filetype == WASI_FILETYPE_DIRECTORY)
        return WASI_EISDIR;
    struct iovec *v;
    err = wr_wasi_guest_iovecs(w->alloc, m, iovs, &v);
    if (err)
        return err;
    size_t done = 0;
    uint16_t (*op)(wasi_file *, const struct iovec *, size_t, int64_t, size_t *) =
        writing ? e->file->ops->write : e->file->ops->read;
    err = op ? op(e->file, v, iovs.count, offset, &done) : WASI_EBADF;
    wr_mem_free(v);
    if (!err)
        put_u32(done_at, (uint32_t)done);
    return err;
}

uint16_t wr_wasi_fd_read(wr_wasi *w, const guest_mem *m, const wasi_fd_read_args *args)
{
    return transfer(w, m, args->fd, args->iovs, -1, args->nread, false);
}

uint16_t wr_wasi_fd_write(wr_wasi *w, const guest_mem *m, const wasi_fd_write_args *args)
{
    return transfer(w, m, args->fd, args->iovs, -1, args->nwritten, true);
}

uint16_t wr_wasi_fd_pread(wr_wasi *w, const guest_mem *m, const wasi_fd_pread_args *args)
{
    if (args->offset > INT64_MAX)
        return WASI_EINVAL;
    return transfer(w, m, args->fd, args->iovs, (int64_t)args->offset, args->nread, false);
}

uint16_t wr_wasi_fd_pwrite(wr_wasi *w, const guest_mem *m, const wasi_fd_pwrite_args *args)
{
    if (args->offset > INT64_MAX)
        return WASI_EINVAL;
    return transfer(w, m, args->fd, args->iovs, (int64_t)args->offset, args->nwritten, true);
}

/* The guest path fd was preopened as; EBADF for an fd that is no preopen. */
static uint16_t preopen_name(wr_wasi *w, uint32_t fd, const char **name)
{
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, fd, 0, &e);
    if (err)
        return err;
    *name = e->preopen_name;
    return *name ? 0 : WASI_EBADF;
}

uint16_t wr_wasi_fd_prestat_get(wr_wasi *w, const guest_mem *m, const wasi_fd_prestat_get_args *args)
{
    (void)m;
    const char *name;
    uint16_t err = preopen_name(w, args->fd, &name);
    if (err)
        return err;
    uint8_t *p = args->buf;
    memset(p, 0, PRESTAT_SIZE);
    p[PRESTAT_TAG] = WASI_PREOPENTYPE_DIR;
    put_u32(p + PRESTAT_NAME_LEN, (uint32_t)strlen(name));
    return 0;
}

uint16_t wr_wasi_fd_prestat_dir_name(wr_wasi *w, const guest_mem *m,
                                  const wasi_fd_prestat_dir_name_args *args)
{
    (void)m;
    const char *name;
    uint16_t err = preopen_name(w, args->fd, &name);
    if (err)
        return err;
    size_t len = strlen(name);
    if (args->path.len < len)
        return WASI_ENAMETOOLONG;
    memcpy(args->path.p, name, len);
    return 0;
}

typedef struct dirent_buf {
    uint8_t *p;
    size_t cap, used;
} dirent_buf;

/* Write as much of the entry as fits; a truncated last entry tells the guest to retry
 * with a bigger buffer. */
static bool put_dirent(void *ctx, uint64_t next, uint64_t ino, uint8_t type, const char *name,
                       size_t name_len)
{
    dirent_buf *b = ctx;
    uint8_t head[DIRENT_SIZE] = {0};
    put_u64(head + DIRENT_NEXT, next);
    put_u64(head + DIRENT_INO, ino);
    put_u32(head + DIRENT_NAMLEN, (uint32_t)name_len);
    head[DIRENT_TYPE] = type;
    size_t n = b->cap - b->used < DIRENT_SIZE ? b->cap - b->used : DIRENT_SIZE;
    memcpy(b->p + b->used, head, n);
    b->used += n;
    n = b->cap - b->used < name_len ? b->cap - b->used : name_len;
    if (n)
        memcpy(b->p + b->used, name, n);
    b->used += n;
    return b->used < b->cap;
}

uint16_t wr_wasi_fd_readdir(wr_wasi *w, const guest_mem *m, const wasi_fd_readdir_args *args)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, WASI_R(FD_READDIR), &e);
    if (err)
        return err;
    if (e->file->filetype != WASI_FILETYPE_DIRECTORY || !e->file->ops->readdir)
        return WASI_ENOTDIR;
    dirent_buf b = {args->buf.p, args->buf.len, 0};
    if (b.cap)
        err = e->file->ops->readdir(e->file, args->cookie, put_dirent, &b);
    if (!err)
        put_u32(args->bufused, (uint32_t)b.used);
    return err;
}

uint16_t wr_wasi_fd_renumber(wr_wasi *w, const guest_mem *m, const wasi_fd_renumber_args *args)
{
    (void)m;
    wasi_fd *from, *to;
    uint16_t err = wr_wasi_fdtable_get(w, args->fd, 0, &from);
    if (!err)
        err = wr_wasi_fdtable_get(w, args->to, 0, &to);
    if (err || args->fd == args->to)
        return err;
    wasi_fd moved = *from;
    *from = (wasi_fd){0};
    wr_wasi_fdtable_close(w, args->to);
    w->fds[args->to] = moved;
    return 0;
}

static uint16_t seek(wr_wasi *w, uint32_t fd, int64_t delta, uint32_t whence, uint8_t *pos_at)
{
    uint64_t rights = whence == WASI_WHENCE_CUR && delta == 0 ? WASI_R(FD_TELL) : WASI_R(FD_SEEK);
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, fd, rights, &e);
    if (err)
        return err;
    if (whence > WASI_WHENCE_END)
        return WASI_EINVAL;
    wasi_file *f = e->file;
    if (f->filetype == WASI_FILETYPE_DIRECTORY)
        return WASI_EBADF;
    uint64_t pos;
    err = f->ops->seek ? f->ops->seek(f, delta, (int)whence, &pos) : WASI_ESPIPE;
    if (!err)
        put_u64(pos_at, pos);
    return err;
}

uint16_t wr_wasi_fd_seek(wr_wasi *w, const guest_mem *m, const wasi_fd_seek_args *args)
{
    (void)m;
    return seek(w, args->fd, args->offset, args->whence, args->newoffset);
}

uint16_t wr_wasi_fd_tell(wr_wasi *w, const guest_mem *m, const wasi_fd_tell_args *args)
{
    (void)m;
    return seek(w, args->fd, 0, WASI_WHENCE_CUR, args->offset);
}
