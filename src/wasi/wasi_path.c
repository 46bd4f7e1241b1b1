/* The path_* functions. */
#include <stdlib.h>

#include "wasi/abi.h"
#include "wasi/handlers.h"

/* The directory fd (with `rights`) and the guest path relative to it. */
static uint16_t dir_and_path(wr_wasi *w, const guest_mem *m, uint64_t fd, uint64_t rights,
                             uint64_t ptr, uint64_t len, wasi_fd **dir, char **path)
{
    uint16_t err = fdtable_get(w, fd, rights, dir);
    if (err)
        return err;
    if ((*dir)->file->filetype != WASI_FILETYPE_DIRECTORY)
        return WASI_ENOTDIR;
    return guest_path(m, ptr, len, path);
}

/* Read and write access as the rights ask for them. */
static const uint64_t READ_RIGHTS = WASI_R(FD_READ) | WASI_R(FD_READDIR);
static const uint64_t WRITE_RIGHTS = WASI_R(FD_WRITE) | WASI_R(FD_DATASYNC) | WASI_R(FD_ALLOCATE) |
                                     WASI_R(FD_FILESTAT_SET_SIZE);

uint16_t wasi_path_open(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    uint64_t dirflags = a[1], oflags = a[4], base = a[5], inheriting = a[6], fdflags = a[7];
    if (oflags & ~0xFull || fdflags & ~0x1Full)
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
    wasi_fd *dir;
    char *path;
    uint16_t err = dir_and_path(w, m, a[0], need, a[2], a[3], &dir, &path);
    if (err)
        return err;
    if (!guest_ok(m, a[8], 4) || (err = fdtable_room(w))) {
        free(path);
        return err ? err : WASI_EFAULT;
    }
    base &= dir->rights_inheriting;
    inheriting &= dir->rights_inheriting;
    wasi_open_req req = {
        .follow = dirflags & WASI_LOOKUP_SYMLINK_FOLLOW,
        .oflags = (uint16_t)oflags,
        .fdflags = (uint16_t)fdflags,
        .read = base & READ_RIGHTS,
        .write = (base & WRITE_RIGHTS) || (oflags & WASI_OFLAG_TRUNC) ||
                 (fdflags & WASI_FDFLAG_APPEND),
    };
    if (req.write && !(dir->rights_inheriting & WASI_R(FD_WRITE)))
        req.write = false; /* a read-only tree: open for reading, writes stay refused */
    wasi_file *f;
    err = dir->file->ops->open_at(dir->file, path, &req, &f);
    free(path);
    if (err)
        return err;
    uint32_t fd;
    err = fdtable_insert(w, f, base & wasi_rights_for(f->filetype), inheriting, &fd);
    if (!err)
        put_u32(guest_at(m, a[8]), fd);
    return err;
}

uint16_t wasi_path_create_directory(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *dir;
    char *path;
    uint16_t err = dir_and_path(w, m, a[0], WASI_R(PATH_CREATE_DIRECTORY), a[1], a[2], &dir, &path);
    if (err)
        return err;
    err = dir->file->ops->mkdir_at(dir->file, path);
    free(path);
    return err;
}

uint16_t wasi_path_filestat_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *dir;
    char *path;
    uint16_t err = dir_and_path(w, m, a[0], WASI_R(PATH_FILESTAT_GET), a[2], a[3], &dir, &path);
    if (err)
        return err;
    wasi_filestat st;
    if (!guest_ok(m, a[4], FILESTAT_SIZE))
        err = WASI_EFAULT;
    else
        err = dir->file->ops->stat_at(dir->file, path, a[1] & WASI_LOOKUP_SYMLINK_FOLLOW, &st);
    free(path);
    if (!err)
        wasi_put_filestat(guest_at(m, a[4]), &st);
    return err;
}

uint16_t wasi_path_filestat_set_times(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    if (a[6] > 0xFFFF || !wasi_fstflags_valid((uint16_t)a[6]))
        return WASI_EINVAL;
    wasi_fd *dir;
    char *path;
    uint16_t err = dir_and_path(w, m, a[0], WASI_R(PATH_FILESTAT_SET_TIMES), a[2], a[3], &dir, &path);
    if (err)
        return err;
    err = dir->file->ops->set_times_at(dir->file, path, a[1] & WASI_LOOKUP_SYMLINK_FOLLOW, a[4], a[5],
                                       (uint16_t)a[6]);
    free(path);
    return err;
}

/* Two (directory, path) pairs on the same file system: path_link and path_rename. */
static uint16_t two_paths(wr_wasi *w, const guest_mem *m, uint64_t fd1, uint64_t rights1,
                          uint64_t ptr1, uint64_t len1, uint64_t fd2, uint64_t rights2,
                          uint64_t ptr2, uint64_t len2, wasi_fd **dir1, char **path1,
                          wasi_fd **dir2, char **path2)
{
    uint16_t err = dir_and_path(w, m, fd1, rights1, ptr1, len1, dir1, path1);
    if (err)
        return err;
    err = dir_and_path(w, m, fd2, rights2, ptr2, len2, dir2, path2);
    if (!err && (*dir1)->file->ops != (*dir2)->file->ops) {
        free(*path2);
        err = WASI_EXDEV;
    }
    if (err)
        free(*path1);
    return err;
}

uint16_t wasi_path_link(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *dir1, *dir2;
    char *path1, *path2;
    uint16_t err = two_paths(w, m, a[0], WASI_R(PATH_LINK_SOURCE), a[2], a[3], a[4],
                             WASI_R(PATH_LINK_TARGET), a[5], a[6], &dir1, &path1, &dir2, &path2);
    if (err)
        return err;
    err = dir1->file->ops->link_at(dir1->file, path1, a[1] & WASI_LOOKUP_SYMLINK_FOLLOW, dir2->file,
                                   path2);
    free(path1);
    free(path2);
    return err;
}

uint16_t wasi_path_rename(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *dir1, *dir2;
    char *path1, *path2;
    uint16_t err = two_paths(w, m, a[0], WASI_R(PATH_RENAME_SOURCE), a[1], a[2], a[3],
                             WASI_R(PATH_RENAME_TARGET), a[4], a[5], &dir1, &path1, &dir2, &path2);
    if (err)
        return err;
    err = dir1->file->ops->rename_at(dir1->file, path1, dir2->file, path2);
    free(path1);
    free(path2);
    return err;
}

uint16_t wasi_path_readlink(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *dir;
    char *path;
    uint16_t err = dir_and_path(w, m, a[0], WASI_R(PATH_READLINK), a[1], a[2], &dir, &path);
    if (err)
        return err;
    size_t len = 0;
    if (!guest_ok(m, a[3], a[4]) || !guest_ok(m, a[5], 4))
        err = WASI_EFAULT;
    else
        err = dir->file->ops->readlink_at(dir->file, path, (char *)guest_at(m, a[3]), a[4], &len);
    free(path);
    if (!err)
        put_u32(guest_at(m, a[5]), (uint32_t)len);
    return err;
}

uint16_t wasi_path_remove_directory(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *dir;
    char *path;
    uint16_t err = dir_and_path(w, m, a[0], WASI_R(PATH_REMOVE_DIRECTORY), a[1], a[2], &dir, &path);
    if (err)
        return err;
    err = dir->file->ops->rmdir_at(dir->file, path);
    free(path);
    return err;
}

uint16_t wasi_path_unlink_file(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    wasi_fd *dir;
    char *path;
    uint16_t err = dir_and_path(w, m, a[0], WASI_R(PATH_UNLINK_FILE), a[1], a[2], &dir, &path);
    if (err)
        return err;
    err = dir->file->ops->unlink_at(dir->file, path);
    free(path);
    return err;
}

uint16_t wasi_path_symlink(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    char *target;
    uint16_t err = guest_path(m, a[0], a[1], &target);
    if (err)
        return err;
    if (!target[0]) { /* POSIX symlink(), and Linux on a host directory */
        free(target);
        return WASI_ENOENT;
    }
    wasi_fd *dir;
    char *path;
    err = dir_and_path(w, m, a[2], WASI_R(PATH_SYMLINK), a[3], a[4], &dir, &path);
    if (err) {
        free(target);
        return err;
    }
    /* An absolute link could not be followed inside the sandbox, and would point other
     * host programs at host paths the guest chose. */
    if (target[0] == '/')
        err = WASI_EPERM;
    else
        err = dir->file->ops->symlink_at(target, dir->file, path);
    free(target);
    free(path);
    return err;
}
