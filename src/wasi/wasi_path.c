/* The path_* functions: rights and guest paths here, the work in the directory's ops. */
#include <stdlib.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"

/* A directory fd (with the rights a call needs) and a guest path relative to it. */
typedef struct dir_path {
    wasi_fd *dir;
    char *path; /* the caller frees it */
} dir_path;

static uint16_t dir_path_get(wr_wasi *w, uint32_t fd, uint64_t rights, guest_buf path,
                             dir_path *out)
{
    uint16_t err = wr_wasi_fdtable_get(w, fd, rights, &out->dir);
    if (err)
        return err;
    if (out->dir->file->filetype != WASI_FILETYPE_DIRECTORY)
        return WASI_ENOTDIR;
    return wr_wasi_guest_path(w->alloc, path, &out->path);
}

/* Read and write access as the rights ask for them. */
static const uint64_t READ_RIGHTS = WASI_R(FD_READ) | WASI_R(FD_READDIR);
static const uint64_t WRITE_RIGHTS = WASI_R(FD_WRITE) | WASI_R(FD_DATASYNC) | WASI_R(FD_ALLOCATE) |
                                     WASI_R(FD_FILESTAT_SET_SIZE);

/* What path_open asks of the file system, from its flags and the rights the directory
 * passes on. */
static wasi_open_req open_request(const wasi_path_open_args *args, uint64_t dir_inheriting)
{
    uint64_t base = args->fs_rights_base & dir_inheriting;
    wasi_open_req req = {
        .follow = args->dirflags & WASI_LOOKUP_SYMLINK_FOLLOW,
        .oflags = (uint16_t)args->oflags,
        .fdflags = (uint16_t)args->fdflags,
        .read = base & READ_RIGHTS,
        .write = (base & WRITE_RIGHTS) || (args->oflags & WASI_OFLAG_TRUNC) ||
                 (args->fdflags & WASI_FDFLAG_APPEND),
    };
    if (req.write && !(dir_inheriting & WASI_R(FD_WRITE)))
        req.write = false; /* a read-only tree: open for reading, writes stay refused */
    return req;
}

uint16_t wr_wasi_path_open(wr_wasi *w, const guest_mem *m, const wasi_path_open_args *args)
{
    (void)m;
    uint32_t oflags = args->oflags;
    if (oflags & ~0xFu || args->fdflags & ~0x1Fu)
        return WASI_EINVAL;
    /* A directory is neither created, truncated nor opened exclusively by path_open (Linux
     * before 6.4 even made a regular file for O_CREAT | O_DIRECTORY): refused up front, the
     * same on every file system and kernel. */
    if ((oflags & WASI_OFLAG_DIRECTORY) && (oflags & (WASI_OFLAG_CREAT | WASI_OFLAG_EXCL | WASI_OFLAG_TRUNC)))
        return WASI_EINVAL;
    uint64_t need = WASI_R(PATH_OPEN);
    if (oflags & WASI_OFLAG_CREAT)
        need |= WASI_R(PATH_CREATE_FILE);
    if (oflags & WASI_OFLAG_TRUNC)
        need |= WASI_R(PATH_FILESTAT_SET_SIZE);
    dir_path dp;
    uint16_t err = dir_path_get(w, args->fd, need, args->path, &dp);
    if (err)
        return err;
    /* Checked before the open, which may create a file that could not be handed out. */
    err = wr_wasi_fdtable_room(w);
    if (err) {
        wr_mem_free(dp.path);
        return err;
    }
    uint64_t inheriting = dp.dir->rights_inheriting;
    wasi_open_req req = open_request(args, inheriting);
    wasi_file *f;
    err = dp.dir->file->ops->open_at(dp.dir->file, dp.path, &req, &f);
    wr_mem_free(dp.path);
    if (err)
        return err;
    uint64_t base = args->fs_rights_base & inheriting & wr_wasi_rights_for(f->filetype);
    uint32_t fd;
    err = wr_wasi_fdtable_insert(w, f, base, args->fs_rights_inheriting & inheriting, &fd);
    if (!err)
        put_u32(args->opened_fd, fd);
    return err;
}

uint16_t wr_wasi_path_create_directory(wr_wasi *w, const guest_mem *m,
                                    const wasi_path_create_directory_args *args)
{
    (void)m;
    dir_path dp;
    uint16_t err = dir_path_get(w, args->fd, WASI_R(PATH_CREATE_DIRECTORY), args->path, &dp);
    if (err)
        return err;
    err = dp.dir->file->ops->mkdir_at(dp.dir->file, dp.path);
    wr_mem_free(dp.path);
    return err;
}

uint16_t wr_wasi_path_filestat_get(wr_wasi *w, const guest_mem *m,
                                const wasi_path_filestat_get_args *args)
{
    (void)m;
    dir_path dp;
    uint16_t err = dir_path_get(w, args->fd, WASI_R(PATH_FILESTAT_GET), args->path, &dp);
    if (err)
        return err;
    wasi_filestat st;
    bool follow = args->flags & WASI_LOOKUP_SYMLINK_FOLLOW;
    err = dp.dir->file->ops->stat_at(dp.dir->file, dp.path, follow, &st);
    wr_mem_free(dp.path);
    if (!err)
        wr_wasi_put_filestat(args->buf, &st);
    return err;
}

uint16_t wr_wasi_path_filestat_set_times(wr_wasi *w, const guest_mem *m,
                                      const wasi_path_filestat_set_times_args *args)
{
    (void)m;
    if (args->fst_flags > 0xFFFF || !wasi_fstflags_valid((uint16_t)args->fst_flags))
        return WASI_EINVAL;
    dir_path dp;
    uint16_t err = dir_path_get(w, args->fd, WASI_R(PATH_FILESTAT_SET_TIMES), args->path, &dp);
    if (err)
        return err;
    bool follow = args->flags & WASI_LOOKUP_SYMLINK_FOLLOW;
    err = dp.dir->file->ops->set_times_at(dp.dir->file, dp.path, follow, args->atim, args->mtim,
                                          (uint16_t)args->fst_flags);
    wr_mem_free(dp.path);
    return err;
}

/* One side of path_link or path_rename: a directory fd, the right it needs, a path. */
typedef struct path_side {
    uint32_t fd;
    uint64_t right;
    guest_buf path;
} path_side;

/* Both sides resolved, on the same file system (EXDEV otherwise). On success the caller
 * frees both paths. */
static uint16_t dir_paths_get(wr_wasi *w, path_side from, path_side to, dir_path out[2])
{
    uint16_t err = dir_path_get(w, from.fd, from.right, from.path, &out[0]);
    if (err)
        return err;
    err = dir_path_get(w, to.fd, to.right, to.path, &out[1]);
    if (!err && out[0].dir->file->ops != out[1].dir->file->ops) {
        wr_mem_free(out[1].path);
        err = WASI_EXDEV;
    }
    if (err)
        wr_mem_free(out[0].path);
    return err;
}

uint16_t wr_wasi_path_link(wr_wasi *w, const guest_mem *m, const wasi_path_link_args *args)
{
    (void)m;
    dir_path dp[2];
    uint16_t err = dir_paths_get(w, (path_side){args->old_fd, WASI_R(PATH_LINK_SOURCE), args->old_path},
                                 (path_side){args->new_fd, WASI_R(PATH_LINK_TARGET), args->new_path}, dp);
    if (err)
        return err;
    bool follow = args->old_flags & WASI_LOOKUP_SYMLINK_FOLLOW;
    err = dp[0].dir->file->ops->link_at(dp[0].dir->file, dp[0].path, follow, dp[1].dir->file,
                                        dp[1].path);
    wr_mem_free(dp[0].path);
    wr_mem_free(dp[1].path);
    return err;
}

uint16_t wr_wasi_path_rename(wr_wasi *w, const guest_mem *m, const wasi_path_rename_args *args)
{
    (void)m;
    dir_path dp[2];
    uint16_t err = dir_paths_get(w, (path_side){args->fd, WASI_R(PATH_RENAME_SOURCE), args->old_path},
                                 (path_side){args->new_fd, WASI_R(PATH_RENAME_TARGET), args->new_path}, dp);
    if (err)
        return err;
    err = dp[0].dir->file->ops->rename_at(dp[0].dir->file, dp[0].path, dp[1].dir->file, dp[1].path);
    wr_mem_free(dp[0].path);
    wr_mem_free(dp[1].path);
    return err;
}

uint16_t wr_wasi_path_readlink(wr_wasi *w, const guest_mem *m, const wasi_path_readlink_args *args)
{
    (void)m;
    dir_path dp;
    uint16_t err = dir_path_get(w, args->fd, WASI_R(PATH_READLINK), args->path, &dp);
    if (err)
        return err;
    size_t len = 0;
    err = dp.dir->file->ops->readlink_at(dp.dir->file, dp.path, (char *)args->buf.p, args->buf.len,
                                         &len);
    wr_mem_free(dp.path);
    if (!err)
        put_u32(args->bufused, (uint32_t)len);
    return err;
}

uint16_t wr_wasi_path_remove_directory(wr_wasi *w, const guest_mem *m,
                                    const wasi_path_remove_directory_args *args)
{
    (void)m;
    dir_path dp;
    uint16_t err = dir_path_get(w, args->fd, WASI_R(PATH_REMOVE_DIRECTORY), args->path, &dp);
    if (err)
        return err;
    err = dp.dir->file->ops->rmdir_at(dp.dir->file, dp.path);
    wr_mem_free(dp.path);
    return err;
}

uint16_t wr_wasi_path_unlink_file(wr_wasi *w, const guest_mem *m,
                               const wasi_path_unlink_file_args *args)
{
    (void)m;
    dir_path dp;
    uint16_t err = dir_path_get(w, args->fd, WASI_R(PATH_UNLINK_FILE), args->path, &dp);
    if (err)
        return err;
    err = dp.dir->file->ops->unlink_at(dp.dir->file, dp.path);
    wr_mem_free(dp.path);
    return err;
}

uint16_t wr_wasi_path_symlink(wr_wasi *w, const guest_mem *m, const wasi_path_symlink_args *args)
{
    (void)m;
    /* POSIX symlink(), and Linux on a host directory: an empty target names nothing. An
     * absolute one could not be followed inside the sandbox, and would point other host
     * programs at host paths the guest chose. */
    if (!args->old_path.len)
        return WASI_ENOENT;
    if (args->old_path.p[0] == '/')
        return WASI_EPERM;
    char *target;
    uint16_t err = wr_wasi_guest_path(w->alloc, args->old_path, &target);
    if (err)
        return err;
    dir_path dp;
    err = dir_path_get(w, args->fd, WASI_R(PATH_SYMLINK), args->new_path, &dp);
    if (!err) {
        err = dp.dir->file->ops->symlink_at(target, dp.dir->file, dp.path);
        wr_mem_free(dp.path);
    }
    wr_mem_free(target);
    return err;
}
