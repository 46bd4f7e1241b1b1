/* The fd_* functions: rights checks and guest memory here, the work in the file's ops. */
#include <stdlib.h>

#include "wasi/abi.h"
#include "wasi/handlers.h"

uint16_t wasi_fd_advise(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = fdtable_get(w, a[0], WASI_R(FD_ADVISE), &e);
    if (err)
        return err;
    if ((uint32_t)a[3] > WASI_ADVICE_NOREUSE || a[1] > INT64_MAX || a[2] > INT64_MAX)
        return WASI_EINVAL;
    if (e->file->filetype == WASI_FILETYPE_DIRECTORY)
        return WASI_EBADF;
    return e->file->ops->advise ? e->file->ops->advise(e->file, a[1], a[2], (uint8_t)a[3]) : 0;
}

/* The file behind fd for a call a directory does not take (dir_err when it is one). */
static uint16_t non_dir_file(wr_wasi *w, uint64_t fd, uint64_t right, uint16_t dir_err,
                             wasi_file **out)
{
    wasi_fd *e;
    uint16_t err = fdtable_get(w, fd, right, &e);
    if (err)
        return err;
    *out = e->file;
    return e->file->filetype == WASI_FILETYPE_DIRECTORY ? dir_err : 0;
}

uint16_t wasi_fd_allocate(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_file *f;
    uint16_t err = non_dir_file(w, a[0], WASI_R(FD_ALLOCATE), WASI_EBADF, &f);
    if (err)
        return err;
    return f->ops->allocate ? f->ops->allocate(f, a[1], a[2]) : WASI_ENOTSUP;
}

uint16_t wasi_fd_close(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = fdtable_get(w, a[0], 0, &e);
    if (err)
        return err;
    fdtable_close(w, (uint32_t)a[0]);
    return 0;
}

static uint16_t sync_fd(wr_wasi *w, uint64_t fd, uint64_t right, bool data_only)
{
    wasi_fd *e;
    uint16_t err = fdtable_get(w, fd, right, &e);
    if (err)
        return err;
    return e->file->ops->sync ? e->file->ops->sync(e->file, data_only) : 0;
}

uint16_t wasi_fd_datasync(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    return sync_fd(w, a[0], WASI_R(FD_DATASYNC), true);
}

uint16_t wasi_fd_sync(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    return sync_fd(w, a[0], WASI_R(FD_SYNC), false);
}

uint16_t wasi_fd_fdstat_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *e;
    uint16_t err = fdtable_get(w, a[0], 0, &e);
    if (err)
        return err;
    if (!guest_ok(m, a[1], FDSTAT_SIZE))
        return WASI_EFAULT;
    uint8_t *p = guest_at(m, a[1]);
    memset(p, 0, FDSTAT_SIZE);
    p[FDSTAT_FILETYPE] = e->file->filetype;
    put_u16(p + FDSTAT_FLAGS, e->file->fdflags);
    put_u64(p + FDSTAT_RIGHTS_BASE, e->rights_base);
    put_u64(p + FDSTAT_RIGHTS_INHERITING, e->rights_inheriting);
    return 0;
}

uint16_t wasi_fd_fdstat_set_flags(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = fdtable_get(w, a[0], WASI_R(FD_FDSTAT_SET_FLAGS), &e);
    if (err)
        return err;
    uint16_t flags = (uint16_t)a[1];
    if ((uint32_t)a[1] & ~0x1Fu)
        return WASI_EINVAL;
    /* Synchronous-I/O modes are chosen at open; changing them later is not portable. */
    if (flags & (WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC))
        return WASI_ENOTSUP;
    if (!e->file->ops->set_flags)
        return WASI_EBADF;
    return e->file->ops->set_flags(e->file, flags);
}

uint16_t wasi_fd_fdstat_set_rights(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = fdtable_get(w, a[0], 0, &e);
    if (err)
        return err;
    if ((a[1] & ~e->rights_base) || (a[2] & ~e->rights_inheriting))
        return WASI_ENOTCAPABLE;
    e->rights_base = a[1];
    e->rights_inheriting = a[2];
    return 0;
}

void wasi_put_filestat(uint8_t *p, const wasi_filestat *st)
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

uint16_t wasi_fd_filestat_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *e;
    uint16_t err = fdtable_get(w, a[0], WASI_R(FD_FILESTAT_GET), &e);
    if (err)
        return err;
    if (!guest_ok(m, a[1], FILESTAT_SIZE))
        return WASI_EFAULT;
    wasi_filestat st = {0};
    if (e->file->ops->stat)
        err = e->file->ops->stat(e->file, &st);
    else
        st.filetype = e->file->filetype;
    if (!err)
        wasi_put_filestat(guest_at(m, a[1]), &st);
    return err;
}

uint16_t wasi_fd_filestat_set_size(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_file *f;
    uint16_t err = non_dir_file(w, a[0], WASI_R(FD_FILESTAT_SET_SIZE), WASI_EISDIR, &f);
    if (err)
        return err;
    return f->ops->set_size ? f->ops->set_size(f, a[1]) : WASI_EINVAL;
}

uint16_t wasi_fd_filestat_set_times(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_fd *e;
    uint16_t err = fdtable_get(w, a[0], WASI_R(FD_FILESTAT_SET_TIMES), &e);
    if (err)
        return err;
    if (!wasi_fstflags_valid((uint16_t)a[3]) || a[3] > 0xFFFF)
        return WASI_EINVAL;
    return e->file->ops->set_times ? e->file->ops->set_times(e->file, a[1], a[2], (uint16_t)a[3])
                                   : WASI_EBADF;
}

/* fd_read, fd_pread, fd_write, fd_pwrite: offset < 0 means the file position. */
static uint16_t transfer(wr_wasi *w, const guest_mem *m, uint64_t fd, uint64_t iovs, uint64_t n,
                         int64_t offset, uint64_t done_ptr, bool writing)
{
    uint64_t rights = writing ? WASI_R(FD_WRITE) : WASI_R(FD_READ);
    if (offset >= 0)
        rights |= WASI_R(FD_SEEK);
    wasi_fd *e;
    uint16_t err = fdtable_get(w, fd, rights, &e);
    if (err)
        return err;
    if (!guest_ok(m, done_ptr, 4))
        return WASI_EFAULT;
    if (e->file->filetype == WASI_FILETYPE_DIRECTORY)
        return WASI_EISDIR;
    struct iovec *v;
    err = guest_iovecs(m, iovs, n, &v);
    if (err)
        return err;
    size_t done = 0;
    uint16_t (*op)(wasi_file *, const struct iovec *, size_t, int64_t, size_t *) =
        writing ? e->file->ops->write : e->file->ops->read;
    err = op ? op(e->file, v, n, offset, &done) : WASI_EBADF;
    free(v);
    if (!err)
        put_u32(guest_at(m, done_ptr), (uint32_t)done);
    return err;
}

uint16_t wasi_fd_read(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    return transfer(w, m, a[0], a[1], a[2], -1, a[3], false);
}

uint16_t wasi_fd_write(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    return transfer(w, m, a[0], a[1], a[2], -1, a[3], true);
}

uint16_t wasi_fd_pread(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    if (a[3] > INT64_MAX)
        return WASI_EINVAL;
    return transfer(w, m, a[0], a[1], a[2], (int64_t)a[3], a[4], false);
}

uint16_t wasi_fd_pwrite(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    if (a[3] > INT64_MAX)
        return WASI_EINVAL;
    return transfer(w, m, a[0], a[1], a[2], (int64_t)a[3], a[4], true);
}

/* The guest path fd was preopened as; EBADF for an fd that is no preopen. */
static uint16_t preopen_name(wr_wasi *w, uint64_t fd, const char **name)
{
    wasi_fd *e;
    uint16_t err = fdtable_get(w, fd, 0, &e);
    if (err)
        return err;
    *name = e->preopen_name;
    return *name ? 0 : WASI_EBADF;
}

uint16_t wasi_fd_prestat_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    const char *name;
    uint16_t err = preopen_name(w, a[0], &name);
    if (err)
        return err;
    if (!guest_ok(m, a[1], PRESTAT_SIZE))
        return WASI_EFAULT;
    uint8_t *p = guest_at(m, a[1]);
    memset(p, 0, PRESTAT_SIZE);
    p[PRESTAT_TAG] = WASI_PREOPENTYPE_DIR;
    put_u32(p + PRESTAT_NAME_LEN, (uint32_t)strlen(name));
    return 0;
}

uint16_t wasi_fd_prestat_dir_name(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    const char *name;
    uint16_t err = preopen_name(w, a[0], &name);
    if (err)
        return err;
    size_t len = strlen(name);
    if (a[2] < len)
        return WASI_ENAMETOOLONG;
    if (!guest_ok(m, a[1], len))
        return WASI_EFAULT;
    memcpy(guest_at(m, a[1]), name, len);
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

uint16_t wasi_fd_readdir(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *e;
    uint16_t err = fdtable_get(w, a[0], WASI_R(FD_READDIR), &e);
    if (err)
        return err;
    if (!guest_ok(m, a[1], a[2]) || !guest_ok(m, a[4], 4))
        return WASI_EFAULT;
    if (e->file->filetype != WASI_FILETYPE_DIRECTORY || !e->file->ops->readdir)
        return WASI_ENOTDIR;
    dirent_buf b = {guest_at(m, a[1]), a[2], 0};
    if (b.cap)
        err = e->file->ops->readdir(e->file, a[3], put_dirent, &b);
    if (!err)
        put_u32(guest_at(m, a[4]), (uint32_t)b.used);
    return err;
}

uint16_t wasi_fd_renumber(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    wasi_fd *from, *to;
    uint16_t err = fdtable_get(w, a[0], 0, &from);
    if (!err)
        err = fdtable_get(w, a[1], 0, &to);
    if (err || a[0] == a[1])
        return err;
    wasi_fd moved = *from;
    *from = (wasi_fd){0};
    fdtable_close(w, (uint32_t)a[1]);
    w->fds[a[1]] = moved;
    return 0;
}

static uint16_t seek(wr_wasi *w, uint64_t fd, int64_t delta, uint32_t whence, uint64_t *pos)
{
    uint64_t rights = whence == WASI_WHENCE_CUR && delta == 0 ? WASI_R(FD_TELL) : WASI_R(FD_SEEK);
    wasi_fd *e;
    uint16_t err = fdtable_get(w, fd, rights, &e);
    if (err)
        return err;
    if (whence > WASI_WHENCE_END)
        return WASI_EINVAL;
    if (e->file->filetype == WASI_FILETYPE_DIRECTORY)
        return WASI_EBADF;
    return e->file->ops->seek ? e->file->ops->seek(e->file, delta, (int)whence, pos) : WASI_ESPIPE;
}

uint16_t wasi_fd_seek(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    uint64_t pos;
    if (!guest_ok(m, a[3], 8))
        return WASI_EFAULT;
    uint16_t err = seek(w, a[0], (int64_t)a[1], (uint32_t)a[2], &pos);
    if (!err)
        put_u64(guest_at(m, a[3]), pos);
    return err;
}

uint16_t wasi_fd_tell(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    uint64_t pos;
    if (!guest_ok(m, a[1], 8))
        return WASI_EFAULT;
    uint16_t err = seek(w, a[0], 0, WASI_WHENCE_CUR, &pos);
    if (!err)
        put_u64(guest_at(m, a[1]), pos);
    return err;
}
