/* Host files and directories. Directory operations go through host_resolve.c. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <unistd.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/fs.h"
#include "wasi/host_resolve.h"
#include "wasi/wait.h"

typedef struct host_dirent {
    uint64_t ino;
    uint8_t type;
    char *name;
} host_dirent;

typedef struct host_file {
    wasi_file base;
    int fd;
    bool use_openat2;
    host_dirent *entries; /* the listing fd_readdir pages through; rebuilt at cookie 0 */
    size_t nentries;
} host_file;

static const wasi_file_ops host_ops;

static host_file *as_host(wasi_file *f) { return (host_file *)f; }

static uint16_t host_err(void) { return wr_wasi_errno_from_host(errno); }

static uint8_t filetype_of_mode(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return WASI_FILETYPE_REGULAR_FILE;
    case S_IFDIR: return WASI_FILETYPE_DIRECTORY;
    case S_IFLNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case S_IFCHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case S_IFBLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case S_IFSOCK: return WASI_FILETYPE_SOCKET_STREAM;
    default: return WASI_FILETYPE_UNKNOWN;
    }
}

static uint64_t ns_of(struct timespec ts) { return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec; }

void wr_wasi_filestat_of_host(const struct stat *st, wasi_filestat *out)
{
    *out = (wasi_filestat){
        .dev = st->st_dev, .ino = st->st_ino, .filetype = filetype_of_mode(st->st_mode),
        .nlink = st->st_nlink, .size = (uint64_t)st->st_size, .atim = ns_of(st->st_atim),
        .mtim = ns_of(st->st_mtim), .ctim = ns_of(st->st_ctim),
    };
}

static void clear_listing(host_file *h)
{
    for (size_t i = 0; i < h->nentries; i++)
        wr_mem_free(h->entries[i].name);
    wr_mem_free(h->entries);
    h->entries = NULL;
    h->nentries = 0;
}

static void host_close(wasi_file *f)
{
    host_file *h = as_host(f);
    clear_listing(h);
    close(h->fd);
    wr_mem_free(h);
}

/* Pipes, terminals and sockets can block: wait for them with the wake-up fd in the set. */
static bool may_block(const wasi_file *f)
{
    return f->wake_fd >= 0 && f->filetype != WASI_FILETYPE_REGULAR_FILE &&
           f->filetype != WASI_FILETYPE_DIRECTORY && !(f->fdflags & WASI_FDFLAG_NONBLOCK);
}

static uint16_t host_read(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    host_file *h = as_host(f);
    ssize_t r;
    if (offset < 0) {
        if (may_block(f)) {
            uint16_t err = wr_wasi_wait_fd(h->fd, false, f->wake_fd);
            if (err)
                return err;
        }
        do /* a signal meant for the host is none of the guest's business */
            r = readv(h->fd, iov, (int)n);
        while (r < 0 && errno == EINTR);
    } else {
        r = preadv(h->fd, iov, (int)n, offset);
    }
    if (r < 0)
        return host_err();
    *done = (size_t)r;
    return 0;
}

static uint16_t host_write(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    host_file *h = as_host(f);
    ssize_t r;
    if (offset < 0) {
        if (may_block(f)) {
            uint16_t err = wr_wasi_wait_fd(h->fd, true, f->wake_fd);
            if (err)
                return err;
        }
        do
            r = writev(h->fd, iov, (int)n);
        while (r < 0 && errno == EINTR);
    } else {
        /* POSIX's EFBIG where Linux answers EINVAL: the end would lie past the largest offset. */
        size_t total = 0;
        for (size_t i = 0; i < n; i++)
            total += iov[i].iov_len;
        if (total > (uint64_t)(INT64_MAX - offset))
            return WASI_EFBIG;
        /* Linux's pwrite appends on an O_APPEND fd; WASI wants the offset honoured. */
        int flags = fcntl(h->fd, F_GETFL);
        if (flags >= 0 && (flags & O_APPEND))
            r = pwritev2(h->fd, iov, (int)n, offset, RWF_NOAPPEND);
        else
            r = pwritev(h->fd, iov, (int)n, offset);
    }
    if (r < 0)
        return host_err();
    *done = (size_t)r;
    return 0;
}

static uint16_t host_seek(wasi_file *f, int64_t delta, int whence, uint64_t *pos)
{
    static const int whences[] = {SEEK_SET, SEEK_CUR, SEEK_END};
    off_t r = lseek(as_host(f)->fd, delta, whences[whence]);
    if (r < 0)
        return host_err();
    *pos = (uint64_t)r;
    return 0;
}

static uint16_t host_stat(wasi_file *f, wasi_filestat *out)
{
    struct stat st;
    if (fstat(as_host(f)->fd, &st) < 0)
        return host_err();
    wr_wasi_filestat_of_host(&st, out);
    return 0;
}

static uint16_t host_set_size(wasi_file *f, uint64_t size)
{
    if (size > INT64_MAX)
        return WASI_EFBIG;
    return ftruncate(as_host(f)->fd, (off_t)size) < 0 ? host_err() : 0;
}

static void times_of(uint64_t atim, uint64_t mtim, uint16_t fst, struct timespec ts[2])
{
    const uint64_t t[2] = {atim, mtim};
    for (int i = 0; i < 2; i++) {
        uint16_t set = i ? WASI_FST_MTIM : WASI_FST_ATIM, now = i ? WASI_FST_MTIM_NOW : WASI_FST_ATIM_NOW;
        if (fst & now)
            ts[i] = (struct timespec){0, UTIME_NOW};
        else if (fst & set)
            ts[i] = (struct timespec){(time_t)(t[i] / 1000000000u), (long)(t[i] % 1000000000u)};
        else
            ts[i] = (struct timespec){0, UTIME_OMIT};
    }
}

static uint16_t host_set_times(wasi_file *f, uint64_t atim, uint64_t mtim, uint16_t fst)
{
    struct timespec ts[2];
    times_of(atim, mtim, fst, ts);
    return futimens(as_host(f)->fd, ts) < 0 ? host_err() : 0;
}

static uint16_t host_sync(wasi_file *f, bool data_only)
{
    int fd = as_host(f)->fd;
    return (data_only ? fdatasync(fd) : fsync(fd)) < 0 ? host_err() : 0;
}

static uint16_t host_allocate(wasi_file *f, uint64_t offset, uint64_t len)
{
    if (offset > INT64_MAX || len > INT64_MAX)
        return WASI_EINVAL;
    int r = posix_fallocate(as_host(f)->fd, (off_t)offset, (off_t)len);
    return r ? wr_wasi_errno_from_host(r) : 0;
}

static uint16_t host_advise(wasi_file *f, uint64_t offset, uint64_t len, uint8_t advice)
{
    static const int advices[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                  POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    int r = posix_fadvise(as_host(f)->fd, (off_t)offset, (off_t)len, advices[advice]);
    return r && r != ESPIPE ? wr_wasi_errno_from_host(r) : 0;
}

static uint16_t host_set_flags(wasi_file *f, uint16_t fdflags)
{
    int fd = as_host(f)->fd;
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0)
        return host_err();
    flags &= ~(O_APPEND | O_NONBLOCK);
    if (fdflags & WASI_FDFLAG_APPEND)
        flags |= O_APPEND;
    if (fdflags & WASI_FDFLAG_NONBLOCK)
        flags |= O_NONBLOCK;
    if (fcntl(fd, F_SETFL, flags) < 0)
        return host_err();
    f->fdflags = fdflags;
    return 0;
}

static uint8_t filetype_of_dtype(int dirfd, const char *name, unsigned char d_type)
{
    switch (d_type) {
    case DT_REG: return WASI_FILETYPE_REGULAR_FILE;
    case DT_DIR: return WASI_FILETYPE_DIRECTORY;
    case DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
    case DT_UNKNOWN: {
        struct stat st;
        return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? filetype_of_mode(st.st_mode)
                                                                  : WASI_FILETYPE_UNKNOWN;
    }
    default: return WASI_FILETYPE_UNKNOWN;
    }
}

static uint16_t load_listing(host_file *h)
{
    clear_listing(h);
    int fd = openat(h->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return host_err();
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return host_err();
    }
    size_t cap = 0;
    uint16_t err = 0;
    struct dirent *de;
    while (!err && (de = readdir(d))) {
        if (h->nentries == cap) {
            size_t ncap = cap ? 2 * cap : 16;
            host_dirent *bigger = wr_mem_realloc(wr_mem_owner(h), h->entries, ncap, sizeof *bigger);
            if (!bigger) {
                err = WASI_ENOMEM;
                break;
            }
            h->entries = bigger;
            cap = ncap;
        }
        host_dirent *e = &h->entries[h->nentries];
        e->name = wr_mem_strdup(wr_mem_owner(h), de->d_name);
        if (!e->name) {
            err = WASI_ENOMEM;
            break;
        }
        e->ino = de->d_ino;
        e->type = filetype_of_dtype(dirfd(d), de->d_name, de->d_type);
        h->nentries++;
    }
    closedir(d);
    return err;
}

static uint16_t host_readdir(wasi_file *f, uint64_t cookie, wasi_dirent_fn emit, void *ctx)
{
    host_file *h = as_host(f);
    if (cookie == 0 || !h->entries) {
        uint16_t err = load_listing(h);
        if (err)
            return err;
    }
    for (uint64_t i = cookie; i < h->nentries; i++) {
        const host_dirent *e = &h->entries[i];
        if (!emit(ctx, i + 1, e->ino, e->type, e->name, strlen(e->name)))
            break;
    }
    return 0;
}

static int host_poll_fd(wasi_file *f)
{
    return f->filetype == WASI_FILETYPE_REGULAR_FILE || f->filetype == WASI_FILETYPE_DIRECTORY
               ? -1 : as_host(f)->fd;
}

static uint16_t lookup(wasi_file *dir, const char *path, bool follow, host_lookup *l)
{
    host_file *h = as_host(dir);
    return wr_wasi_host_lookup_path(wr_mem_owner(h), h->fd, path, follow, h->use_openat2, l);
}

static uint16_t host_open_at(wasi_file *dir, const char *path, const wasi_open_req *req, wasi_file **out)
{
    host_lookup l;
    uint16_t err = lookup(dir, path, req->follow, &l);
    if (err)
        return err;
    /* O_CREAT with a trailing slash never makes anything: POSIX's EISDIR, or ENOTDIR for a
     * non-directory, as the memfs says (Linux before 6.4 made a regular file, later ones
     * answer EINVAL to O_CREAT | O_DIRECTORY). */
    if (l.trailing_slash && (req->oflags & WASI_OFLAG_CREAT)) {
        struct stat st;
        int r = fstatat(l.parent_fd, l.name, &st, AT_SYMLINK_NOFOLLOW);
        err = r < 0 && errno != ENOENT ? host_err()
            : r == 0 && !S_ISDIR(st.st_mode) ? WASI_ENOTDIR : WASI_EISDIR;
        wr_wasi_host_lookup_done(&l);
        return err;
    }
    int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
    flags |= req->write ? (req->read ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (req->oflags & WASI_OFLAG_CREAT)
        flags |= O_CREAT;
    if (req->oflags & WASI_OFLAG_EXCL)
        flags |= O_EXCL;
    if (req->oflags & WASI_OFLAG_TRUNC)
        flags |= O_TRUNC;
    if ((req->oflags & WASI_OFLAG_DIRECTORY) || l.trailing_slash)
        flags |= O_DIRECTORY;
    if (req->fdflags & WASI_FDFLAG_APPEND)
        flags |= O_APPEND;
    if (req->fdflags & WASI_FDFLAG_NONBLOCK)
        flags |= O_NONBLOCK;
    if (req->fdflags & WASI_FDFLAG_DSYNC)
        flags |= O_DSYNC;
    if (req->fdflags & (WASI_FDFLAG_SYNC | WASI_FDFLAG_RSYNC))
        flags |= O_SYNC;
    /* O_NONBLOCK at open keeps a FIFO in a host directory from hanging the open itself. */
    int fd = openat(l.parent_fd, l.name, flags | O_NONBLOCK, 0666);
    err = fd < 0 ? host_err() : 0;
    wr_wasi_host_lookup_done(&l);
    if (err)
        return err;
    if (!(flags & O_NONBLOCK) && fcntl(fd, F_SETFL, flags & (O_APPEND | O_DSYNC | O_SYNC)) < 0) {
        err = host_err();
        close(fd);
        return err;
    }
    host_file *h;
    err = wr_wasi_host_file_new(wr_mem_owner(dir), fd, as_host(dir)->use_openat2, (wasi_file **)&h);
    if (!err)
        h->base.fdflags = req->fdflags & (WASI_FDFLAG_APPEND | WASI_FDFLAG_NONBLOCK | WASI_FDFLAG_DSYNC |
                                          WASI_FDFLAG_RSYNC | WASI_FDFLAG_SYNC);
    *out = &h->base;
    return err;
}

static uint16_t stat_checked(host_lookup *l, struct stat *st)
{
    if (fstatat(l->parent_fd, l->name, st, AT_SYMLINK_NOFOLLOW) < 0)
        return host_err();
    if (l->trailing_slash && !S_ISDIR(st->st_mode))
        return WASI_ENOTDIR;
    return 0;
}

static uint16_t host_stat_at(wasi_file *dir, const char *path, bool follow, wasi_filestat *out)
{
    host_lookup l;
    uint16_t err = lookup(dir, path, follow, &l);
    if (err)
        return err;
    struct stat st;
    err = stat_checked(&l, &st);
    if (!err)
        wr_wasi_filestat_of_host(&st, out);
    wr_wasi_host_lookup_done(&l);
    return err;
}

static uint16_t host_set_times_at(wasi_file *dir, const char *path, bool follow, uint64_t atim,
                                  uint64_t mtim, uint16_t fst)
{
    host_lookup l;
    uint16_t err = lookup(dir, path, follow, &l);
    if (err)
        return err;
    struct timespec ts[2];
    times_of(atim, mtim, fst, ts);
    struct stat st;
    err = stat_checked(&l, &st);
    if (!err && utimensat(l.parent_fd, l.name, ts, AT_SYMLINK_NOFOLLOW) < 0)
        err = host_err();
    wr_wasi_host_lookup_done(&l);
    return err;
}

static uint16_t make_or_remove_dir_at(wasi_file *dir, const char *path, bool make)
{
    host_lookup l;
    uint16_t err = lookup(dir, path, false, &l);
    if (err)
        return err;
    int rc = make ? mkdirat(l.parent_fd, l.name, 0777) : unlinkat(l.parent_fd, l.name, AT_REMOVEDIR);
    if (rc < 0)
        err = host_err();
    wr_wasi_host_lookup_done(&l);
    return err;
}

static uint16_t host_mkdir_at(wasi_file *dir, const char *path)
{
    return make_or_remove_dir_at(dir, path, true);
}

static uint16_t host_rmdir_at(wasi_file *dir, const char *path)
{
    return make_or_remove_dir_at(dir, path, false);
}

/* An existing name given with a trailing slash, to a call that takes no directory:
 * dir_err for a directory, ENOTDIR for anything else. */
static uint16_t slashed_old_name_err(const host_lookup *l, uint16_t dir_err)
{
    struct stat st;
    if (fstatat(l->parent_fd, l->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return host_err();
    return S_ISDIR(st.st_mode) ? dir_err : WASI_ENOTDIR;
}

/* A name to be made (symlink, link) cannot end in a slash: EEXIST when something is there. */
static uint16_t slashed_new_name_err(const host_lookup *l)
{
    struct stat st;
    return fstatat(l->parent_fd, l->name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? WASI_EEXIST : WASI_ENOENT;
}

static uint16_t host_unlink_at(wasi_file *dir, const char *path)
{
    host_lookup l;
    uint16_t err = lookup(dir, path, false, &l);
    if (err)
        return err;
    if (l.trailing_slash)
        err = slashed_old_name_err(&l, WASI_EISDIR);
    else if (unlinkat(l.parent_fd, l.name, 0) < 0)
        err = host_err();
    wr_wasi_host_lookup_done(&l);
    return err;
}

static uint16_t host_symlink_at(const char *target, wasi_file *dir, const char *path)
{
    host_lookup l;
    uint16_t err = lookup(dir, path, false, &l);
    if (err)
        return err;
    if (l.trailing_slash)
        err = slashed_new_name_err(&l);
    else if (symlinkat(target, l.parent_fd, l.name) < 0)
        err = host_err();
    wr_wasi_host_lookup_done(&l);
    return err;
}

static uint16_t host_readlink_at(wasi_file *dir, const char *path, char *buf, size_t cap, size_t *len)
{
    host_lookup l;
    uint16_t err = lookup(dir, path, false, &l);
    if (err)
        return err;
    /* readlink(2) refuses an empty buffer; the guest gets an empty answer, as from memfs. */
    char spare;
    ssize_t n = readlinkat(l.parent_fd, l.name, cap ? buf : &spare, cap ? cap : 1);
    if (n < 0)
        err = host_err();
    else
        *len = cap ? (size_t)n : 0;
    wr_wasi_host_lookup_done(&l);
    return err;
}

/* The two names of link and rename; on success both lookups are the caller's to finish. */
static uint16_t lookup_pair(wasi_file *dir, const char *path, bool follow, wasi_file *dir2,
                            const char *path2, host_lookup *from, host_lookup *to)
{
    uint16_t err = lookup(dir, path, follow, from);
    if (err)
        return err;
    err = lookup(dir2, path2, false, to);
    if (err)
        wr_wasi_host_lookup_done(from);
    return err;
}

static uint16_t host_link_at(wasi_file *dir, const char *path, bool follow, wasi_file *dir2,
                             const char *path2)
{
    host_lookup from, to;
    uint16_t err = lookup_pair(dir, path, follow, dir2, path2, &from, &to);
    if (err)
        return err;
    if (from.trailing_slash)
        err = slashed_old_name_err(&from, WASI_EPERM);
    else if (to.trailing_slash)
        err = slashed_new_name_err(&to);
    else if (linkat(from.parent_fd, from.name, to.parent_fd, to.name, 0) < 0)
        err = host_err();
    wr_wasi_host_lookup_done(&from);
    wr_wasi_host_lookup_done(&to);
    return err;
}

static uint16_t host_rename_at(wasi_file *dir, const char *path, wasi_file *dir2, const char *path2)
{
    host_lookup from, to;
    uint16_t err = lookup_pair(dir, path, false, dir2, path2, &from, &to);
    if (err)
        return err;
    struct stat st;
    if (from.trailing_slash || to.trailing_slash) {
        if (fstatat(from.parent_fd, from.name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            err = host_err();
        else if (!S_ISDIR(st.st_mode))
            err = WASI_ENOTDIR;
    }
    if (!err && renameat(from.parent_fd, from.name, to.parent_fd, to.name) < 0)
        err = host_err();
    wr_wasi_host_lookup_done(&from);
    wr_wasi_host_lookup_done(&to);
    return err;
}

static const wasi_file_ops host_ops = {
    .close = host_close, .read = host_read, .write = host_write, .seek = host_seek,
    .stat = host_stat, .set_size = host_set_size, .set_times = host_set_times,
    .sync = host_sync, .allocate = host_allocate, .advise = host_advise,
    .set_flags = host_set_flags, .readdir = host_readdir, .poll_fd = host_poll_fd,
    .open_at = host_open_at, .stat_at = host_stat_at, .set_times_at = host_set_times_at,
    .mkdir_at = host_mkdir_at, .rmdir_at = host_rmdir_at, .unlink_at = host_unlink_at,
    .symlink_at = host_symlink_at, .readlink_at = host_readlink_at, .link_at = host_link_at,
    .rename_at = host_rename_at,
};

uint16_t wr_wasi_host_file_new(const wr_allocator *a, int fd, bool use_openat2, wasi_file **out)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        uint16_t err = host_err();
        close(fd);
        return err;
    }
    host_file *h = wr_mem_zalloc(a, 1, sizeof *h);
    if (!h) {
        close(fd);
        return WASI_ENOMEM;
    }
    int flags = fcntl(fd, F_GETFL);
    h->base = (wasi_file){.ops = &host_ops, .filetype = filetype_of_mode(st.st_mode), .wake_fd = -1};
    if (flags >= 0) {
        h->base.fdflags = (flags & O_APPEND ? WASI_FDFLAG_APPEND : 0) |
                          (flags & O_NONBLOCK ? WASI_FDFLAG_NONBLOCK : 0);
    }
    h->fd = fd;
    h->use_openat2 = use_openat2;
    *out = &h->base;
    return 0;
}

int wr_wasi_host_dir_open(const wr_allocator *a, const char *path, bool use_openat2,
                          wasi_file **out)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    uint16_t err = wr_wasi_host_file_new(a, fd, use_openat2, out);
    return err == WASI_ENOMEM ? ENOMEM : err ? EIO : 0;
}

bool wr_wasi_host_has_openat2(void)
{
    struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH};
    long fd = syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof how);
    if (fd < 0) /* ENOSYS, or a seccomp filter that refuses it: either way, walk */
        return false;
    close((int)fd);
    return true;
}
