/* The host side of path_walk: directory handles are O_PATH fds. */
#define _GNU_SOURCE
#include "wasi/host_resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/path_walk.h"

static uint16_t host_child(const wr_allocator *a, walk_dir dir, const char *name, walk_dir *child,
                           char **target, bool *is_other)
{
    int fd = openat(dir.fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        uint16_t err = wr_wasi_errno_from_host(errno);
        if (fd >= 0)
            close(fd);
        return err;
    }
    if (S_ISDIR(st.st_mode)) {
        child->fd = fd;
        return 0;
    }
    if (!S_ISLNK(st.st_mode)) {
        close(fd);
        *is_other = true;
        return 0;
    }
    char *buf = wr_mem_alloc(a, WALK_TARGET_MAX, 1);
    ssize_t n = buf ? readlinkat(fd, "", buf, WALK_TARGET_MAX) : -1;
    uint16_t err = !buf ? WASI_ENOMEM : n < 0 ? wr_wasi_errno_from_host(errno)
                 : n == WALK_TARGET_MAX ? WASI_ENAMETOOLONG : 0;
    close(fd);
    if (err) {
        wr_mem_free(buf);
        return err;
    }
    buf[n] = 0;
    *target = buf;
    return 0;
}

static uint16_t host_retain(const wr_allocator *a, walk_dir dir, walk_dir *out)
{
    (void)a;
    out->fd = fcntl(dir.fd, F_DUPFD_CLOEXEC, 0);
    return out->fd < 0 ? wr_wasi_errno_from_host(errno) : 0;
}

static void host_release(const wr_allocator *a, walk_dir dir)
{
    (void)a;
    close(dir.fd);
}

static long host_read_link(const wr_allocator *a, walk_dir dir, const char *name, char *buf,
                           size_t cap)
{
    (void)a;
    ssize_t n = readlinkat(dir.fd, name, buf, cap);
    return n < 0 ? -1 : (long)n;
}

static uint16_t host_resolve_openat2(const wr_allocator *a, walk_dir start, const char *path,
                                     walk_dir *out)
{
    (void)a;
    struct open_how how = {
        .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long fd;
    do {
        fd = syscall(SYS_openat2, start.fd, path, &how, sizeof how);
    } while (fd < 0 && errno == EAGAIN); /* a concurrent rename made the kernel give up */
    if (fd < 0)
        return errno == EXDEV ? WASI_ENOTCAPABLE : wr_wasi_errno_from_host(errno);
    out->fd = (int)fd;
    return 0;
}

static const walk_ops walk_ops_openat2 = {
    .child = host_child, .retain = host_retain, .release = host_release,
    .read_link = host_read_link, .resolve_dir = host_resolve_openat2,
};
static const walk_ops walk_ops_components = {
    .child = host_child, .retain = host_retain, .release = host_release,
    .read_link = host_read_link,
};

uint16_t wr_wasi_host_lookup_path(const wr_allocator *a, int dirfd, const char *path, bool follow,
                                  bool use_openat2, host_lookup *out)
{
    walk_result r;
    uint16_t err = wr_wasi_walk_lookup(use_openat2 ? &walk_ops_openat2 : &walk_ops_components, a,
                               (walk_dir){.fd = dirfd}, path, follow, &r);
    if (err) {
        *out = (host_lookup){.parent_fd = -1};
        return err;
    }
    *out = (host_lookup){r.parent.fd, r.name, r.trailing_slash, r.buf};
    return 0;
}

void wr_wasi_host_lookup_done(host_lookup *l)
{
    if (l->parent_fd >= 0)
        close(l->parent_fd);
    wr_mem_free(l->buf);
    *l = (host_lookup){.parent_fd = -1};
}
